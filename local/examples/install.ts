import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync, renameSync} from 'node:fs';
import {join} from 'node:path';
import type {Prepared} from './catalog';

/**
 * Installs an example the way a developer would today: `npm install` as published (npm reads the example's yarn.lock),
 * then, only for the failure npm reports, the smallest change that gets past it:
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

function npm(dir: string, args: string[]): {ok: boolean; output: string} {
  const run = spawnSync('npm', args, {cwd: dir, encoding: 'utf8', timeout: 15 * 60_000, env: {...process.env, npm_config_update_notifier: 'false'}});
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
    .filter((entry): entry is readonly [string, Version] => entry[1] !== null && entry[1][0] === floor[0] && compare(entry[1], floor) >= 0)
    .sort((a, b) => compare(a[1], b[1]));
  if (!candidates.length) return undefined;
  return exact ? candidates[0][0] : candidates[candidates.length - 1][0];
}

function installedVersion(dir: string, name: string): string | undefined {
  const file = join(dir, 'node_modules', name, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as {version?: string}).version : undefined;
}

export function installExample(dir: string, record: Prepared): Prepared {
  const flags = ['install', '--no-audit', '--no-fund', '--loglevel=error'];
  const steps = record.steps;
  let legacyPeers = false;
  let lastError = '';
  steps.push({what: 'npm install'});
  for (let attempt = 0; attempt < 5; attempt++) {
    const args = legacyPeers ? [...flags, '--legacy-peer-deps'] : flags;
    let run = npm(dir, args);
    // npm stops without an error code when it reaches SDK 8.11.0's workspace:* dependency: ask again with its
    // resolution log, which names the version it placed.
    if (!run.ok && !/npm error code /.test(run.output)) run = npm(dir, [...args.filter((a) => !a.startsWith('--loglevel')), '--loglevel=silly']);
    if (run.ok) {
      return {...record, installed: true, sdk: installedVersion(dir, SDK), stripe: installedVersion(dir, 'stripe')};
    }
    lastError = (/npm error (code \w+[\s\S]*?)(\nnpm error A complete log|$)/.exec(run.output)?.[1] ?? run.output.trim().split('\n').slice(-3).join(' ')).slice(0, 400);
    const missing = /No matching version found for (@?[^@\s]+)@(\S+?)\.?\s/.exec(run.output);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {dependencies?: Record<string, string>};
    const sdkSpec = pkg.dependencies?.[SDK];
    if (/code ERESOLVE/.test(run.output) && !legacyPeers) {
      legacyPeers = true;
      steps.push({what: 'npm install --legacy-peer-deps', why: 'ERESOLVE: peer ranges of the old dev tooling conflict'});
      continue;
    }
    const placed = new RegExp(`placeDep \\S+ ${SDK.replace('/', '\\/')}@(\\S+)`).exec(run.output)?.[1];
    const sdkUnavailable = (missing && missing[1] === SDK && missing[2] === sdkSpec) || (placed !== undefined && UNINSTALLABLE.has(placed));
    if (sdkUnavailable && sdkSpec) {
      const view = npm(dir, ['view', SDK, 'versions', '--json', '--loglevel=silent']);
      const published = view.ok ? (JSON.parse(view.output) as string[]) : [];
      const pin = nearestInstallable(sdkSpec, published);
      if (!pin || pin === sdkSpec) break;
      npm(dir, ['pkg', 'set', `dependencies.${SDK}=${pin}`]);
      steps.push({
        what: `npm pkg set dependencies.${SDK}=${pin}`,
        why: missing && missing[1] === SDK ? `${SDK}@${sdkSpec} is not on the registry` : `${SDK} ${sdkSpec} resolves to ${placed}, which depends on workspace:* and npm cannot install`,
      });
      continue;
    }
    const lockfile = LOCKFILES.find((name) => existsSync(join(dir, name)));
    if (missing && lockfile) {
      renameSync(join(dir, lockfile), join(dir, `${lockfile}.unused`));
      steps.push({what: `mv ${lockfile} ${lockfile}.unused`, why: `${lockfile} pins ${missing[1]}@${missing[2]}, which the registry no longer has`});
      continue;
    }
    break;
  }
  return {...record, installed: false, error: lastError};
}
