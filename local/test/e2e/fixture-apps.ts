import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {FIXTURES, ROOT} from '../../testing/browser';

/**
 * Fixture apps that need another version of a package than this repository's (SDK 8, stripe-node 9): a copy of the
 * fixture in a temporary folder whose `node_modules` links each package name to the version installed here under an
 * alias (package.json devDependencies `stripe-ui-extension-sdk-8`, `stripe-node-9`), so `npm ci` is the only setup and
 * the app resolves its packages from its own folder, as a published app does.
 */
export interface FixtureApp {
  dir: string;
  remove(): void;
}

/** Package names the fixture apps use, and the alias installed here that stands in for each. */
export const OLD_PACKAGES = {
  sdk8: {'@stripe/ui-extension-sdk': 'stripe-ui-extension-sdk-8'},
  stripe9: {stripe: 'stripe-node-9'},
} as const;

export function fixtureApp(name: string, links: Record<string, string> = {}): FixtureApp {
  const dir = mkdtempSync(join(tmpdir(), `ld-${name}-`));
  cpSync(join(FIXTURES, name), dir, {recursive: true});
  for (const [packageName, installed] of Object.entries(links)) {
    const link = join(dir, 'node_modules', packageName);
    mkdirSync(dirname(link), {recursive: true});
    symlinkSync(join(ROOT, 'node_modules', installed), link, 'dir');
  }
  return {dir, remove: () => rmSync(dir, {recursive: true, force: true})};
}

/**
 * The `no-secret-write` fixture as a project of its own: its manifest beside a copy of Keyring's `src/`. Its view file
 * in the repository re-exports Keyring's drawer from outside its folder, which the Dashboard's build now refuses
 * (a previewed app may bundle only its own folder and its packages).
 */
export function keyringWithoutSecretWrite(): FixtureApp {
  const app = fixtureApp('no-secret-write');
  cpSync(join(ROOT, 'src'), join(app.dir, 'src'), {recursive: true, force: true});
  // Its manifest extends Keyring's by a relative path: the copy extends a copy beside it.
  cpSync(join(ROOT, 'stripe-app.json'), join(app.dir, 'keyring-stripe-app.json'));
  const manifest = join(app.dir, 'stripe-app.json');
  writeFileSync(
    manifest,
    JSON.stringify({...JSON.parse(readFileSync(manifest, 'utf8')), extends: './keyring-stripe-app.json'}, null, 2),
  );
  return app;
}
