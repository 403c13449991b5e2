import {spawnSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, renameSync} from 'node:fs';
import {join} from 'node:path';
import type {BuildStep, Prepared} from './catalog';

/**
 * Installs an example the way a developer would today, except that no install script runs (`--ignore-scripts`): the
 * examples are code from elsewhere, and the local Dashboard bundles them with its own esbuild, so nothing they install
 * needs a build step (one that did would be named in the catalog's `build` and run explicitly, after the install).
 * With a package-lock.json, `npm ci` installs exactly what it pins; otherwise `npm install` as published (npm reads the
 * example's yarn.lock), then, only for the failure npm reports, the smallest change that gets past it:
 *
 * - ERESOLVE (peer ranges of old dev tooling: ts-node against a TypeScript prerelease, ts-jest against @types/jest,
 *   react-router-dom against React 18): `--legacy-peer-deps`, npm 6's behaviour these lockfiles were made with.
 * - ETARGET for a package the lockfile pins that the registry no longer has (@remote-ui/react 4.4.5): the lockfile is
 *   set aside (renamed `*.unused`), so npm resolves the package.json ranges afresh.
 * - An SDK version the registry does not have (8.3.0, 9.2.0) or npm cannot install (8.11.0 depends on `workspace:*`):
 *   `npm pkg set` pins the nearest installable one — the next published version of that major for an exact version,
 *   the newest installable one in the range for a range.
 */

const SDK = '@stripe/ui-extension-sdk';
/** Published, but not installable with npm: `@stripe-internal/shared-dependencies: workspace:*`. */
const UNINSTALLABLE = new Set(['8.11.0']);
const LOCKFILES = ['yarn.lock', 'package-lock.json'];
/**
 * Every install runs with this: an example's dependencies never run code on the developer's machine while installing.
 */
const NO_SCRIPTS = '--ignore-scripts';
const LIFECYCLE = ['preinstall', 'install', 'postinstall'];

function npm(dir: string, args: string[]): {ok: boolean; output: string} {
  const run = spawnSync('npm', args, {
    cwd: dir,
    encoding: 'utf8',
    timeout: 15 * 60_000,
    env: {...process.env, npm_config_update_notifier: 'false'},
  });
  return {ok: run.status === 0, output: `${run.stdout ?? ''}${run.stderr ?? ''}`};
}

type Version = [number, number, number];
function parse(version: string): Version | null {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}
function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The installable SDK version nearest to what the example asks for (`8.3.0` → next published; `^8.0.0` → newest). */
export function nearestInstallable(spec: string, published: string[]): string | undefined {
  const exact = parse(spec);
  const range = /^[\^~]?(\d+)\.(\d+)\.(\d+)$/.exec(spec);
  if (!range) return undefined;
  const floor: Version = [Number(range[1]), Number(range[2]), Number(range[3])];
  const candidates = published
    .filter((v) => !UNINSTALLABLE.has(v))
    .map((v) => [v, parse(v)] as const)
    .filter(
      (entry): entry is readonly [string, Version] =>
        entry[1] !== null && entry[1][0] === floor[0] && compare(entry[1], floor) >= 0,
    )
    .sort((a, b) => compare(a[1], b[1]));
  if (!candidates.length) return undefined;
  return exact ? candidates[0][0] : candidates[candidates.length - 1][0];
}

/**
 * Installed packages that declare install scripts, which `--ignore-scripts` skipped: recorded, so nothing is silent.
 */
export function skippedScripts(dir: string): string[] {
  const modules = join(dir, 'node_modules');
  if (!existsSync(modules)) return [];
  const names: string[] = [];
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    const packages = entry.startsWith('@')
      ? readdirSync(join(modules, entry)).map((name) => `${entry}/${name}`)
      : [entry];
    for (const name of packages) {
      try {
        const pkg = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')) as {
          scripts?: Record<string, unknown>;
        };
        if (LIFECYCLE.some((script) => typeof pkg.scripts?.[script] === 'string')) names.push(name);
      } catch {
        // Not a package folder.
      }
    }
  }
  return names.sort();
}

/** The record of a finished install: versions read from node_modules, skipped scripts, the named build steps run. */
function installed(dir: string, record: Prepared, build: readonly BuildStep[]): Prepared {
  for (const step of build) {
    const run = npm(dir, step.args);
    record.steps.push({what: `npm ${step.args.join(' ')}`, why: step.why});
    if (!run.ok)
      return {...record, installed: false, error: run.output.trim().split('\n').slice(-3).join(' ').slice(0, 400)};
  }
  const skipped = skippedScripts(dir);
  return {
    ...record,
    installed: true,
    sdk: installedVersion(dir, SDK),
    stripe: installedVersion(dir, 'stripe'),
    ...(skipped.length ? {skippedScripts: skipped} : {}),
  };
}

function installedVersion(dir: string, name: string): string | undefined {
  const file = join(dir, 'node_modules', name, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as {version?: string}).version : undefined;
}

export function installExample(dir: string, record: Prepared, build: readonly BuildStep[] = []): Prepared {
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  const steps = record.steps;
  if (existsSync(join(dir, 'package-lock.json'))) {
    // The example's own lockfile: exactly what it pins. Only if npm cannot use it does the install below run.
    steps.push({what: `npm ci ${NO_SCRIPTS}`, why: 'the example has a package-lock.json'});
    if (npm(dir, ['ci', NO_SCRIPTS, ...quiet]).ok) return installed(dir, record, build);
  }
  const flags = ['install', NO_SCRIPTS, ...quiet];
  let legacyPeers = false;
  let lastError = '';
  steps.push({what: `npm install ${NO_SCRIPTS}`});
  for (let attempt = 0; attempt < 5; attempt++) {
    const args = legacyPeers ? [...flags, '--legacy-peer-deps'] : flags;
    let run = npm(dir, args);
    // npm stops without an error code when it reaches SDK 8.11.0's workspace:* dependency: ask again with its
    // resolution log, which names the version it placed.
    if (!run.ok && !/npm error code /.test(run.output))
      run = npm(dir, [...args.filter((a) => !a.startsWith('--loglevel')), '--loglevel=silly']);
    if (run.ok) return installed(dir, record, build);
    lastError = (
      /npm error (code \w+[\s\S]*?)(\nnpm error A complete log|$)/.exec(run.output)?.[1] ??
      run.output.trim().split('\n').slice(-3).join(' ')
    ).slice(0, 400);
    const missing = /No matching version found for (@?[^@\s]+)@(\S+?)\.?\s/.exec(run.output);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {dependencies?: Record<string, string>};
    const sdkSpec = pkg.dependencies?.[SDK];
    if (/code ERESOLVE/.test(run.output) && !legacyPeers) {
      legacyPeers = true;
      steps.push({
        what: `npm install ${NO_SCRIPTS} --legacy-peer-deps`,
        why: 'ERESOLVE: peer ranges of the old dev tooling conflict',
      });
      continue;
    }
    const placed = new RegExp(`placeDep \\S+ ${SDK.replace('/', '\\/')}@(\\S+)`).exec(run.output)?.[1];
    const sdkUnavailable =
      (missing && missing[1] === SDK && missing[2] === sdkSpec) || (placed !== undefined && UNINSTALLABLE.has(placed));
    if (sdkUnavailable && sdkSpec) {
      const view = npm(dir, ['view', SDK, 'versions', '--json', '--loglevel=silent']);
      const published = view.ok ? (JSON.parse(view.output) as string[]) : [];
      const pin = nearestInstallable(sdkSpec, published);
      if (!pin || pin === sdkSpec) break;
      npm(dir, ['pkg', 'set', `dependencies.${SDK}=${pin}`]);
      steps.push({
        what: `npm pkg set dependencies.${SDK}=${pin}`,
        why:
          missing && missing[1] === SDK
            ? `${SDK}@${sdkSpec} is not on the registry`
            : `${SDK} ${sdkSpec} resolves to ${placed}, which depends on workspace:* and npm cannot install`,
      });
      continue;
    }
    const lockfile = LOCKFILES.find((name) => existsSync(join(dir, name)));
    if (missing && lockfile) {
      renameSync(join(dir, lockfile), join(dir, `${lockfile}.unused`));
      steps.push({
        what: `mv ${lockfile} ${lockfile}.unused`,
        why: `${lockfile} pins ${missing[1]}@${missing[2]}, which the registry no longer has`,
      });
      continue;
    }
    break;
  }
  return {...record, installed: false, error: lastError};
}
