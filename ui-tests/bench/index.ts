import {benchBackend} from '../../backend/bench';
import {benchBundle} from './bundle';
import {benchDashboard} from './dashboard';
import {benchEmulator} from './emulator';
import {benchOAuth} from './oauth';
import {benchViews} from './views';
import {exitWith} from '../../local/cli';

/**
 * `npm run bench [-- --quick] [-- --only <part>] [-- --start '<command>']`: prints figures for each part (`--start`
 * times another command than `npm start` in the dashboard part); exits non-zero when a target with a
 * verdict is missed. Parts: emulator, views, oauth, bundle, dashboard (`npm start` spawned as typed, to the first
 * rendered view in Chromium; skipped when Chromium is missing), backend
 * (backend/bench: signed requests against the bare route, the webhook burst, memory, two processes with and without
 * Redis).
 */
async function main(): Promise<void> {
  const print = (line: string) => console.log(line);
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const start = args.includes('--start') ? args[args.indexOf('--start') + 1] : undefined;
  const parts: [string, () => Promise<boolean | void>][] = [
    ['emulator', () => benchEmulator(print, {users: quick ? 1_000 : 10_000})],
    ['views', () => benchViews(print)],
    ['oauth', () => benchOAuth(print)],
    ['bundle', () => benchBundle(print)],
    ['dashboard', () => benchDashboard(print, {command: start})],
    ['backend', () => benchBackend()],
  ];
  const missed: string[] = [];
  for (const [name, run] of parts) {
    if (only && only !== name) continue;
    print(`\n== ${name}`);
    if ((await run()) === false) missed.push(name);
  }
  if (missed.length) {
    print(`\nbench: a target was missed in ${missed.join(', ')} (see above)`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  return exitWith(1);
});
