import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Prepared} from '../../examples/catalog';
import {installExample, nearestInstallable} from '../../examples/install';
import {examplesTable} from '../../examples/table';

/** The pieces of the example-app tooling that need no network: the SDK pin rule and the README table. */
const PUBLISHED = [
  '2.2.1',
  '7.1.0',
  '8.0.0',
  '8.1.0',
  '8.6.0',
  '8.7.0',
  '8.8.1',
  '8.9.0',
  '8.10.0',
  '8.11.0',
  '9.1.0',
  '9.2.0-alpha.6',
  '9.2.1',
  '9.3.0',
];

test('an SDK version no longer published pins the next published one of its major; a range its newest installable', () => {
  expect(nearestInstallable('8.3.0', PUBLISHED)).toBe('8.6.0');
  expect(nearestInstallable('9.2.0', PUBLISHED)).toBe('9.2.1');
  // 8.11.0 depends on workspace:*, which npm cannot install.
  expect(nearestInstallable('^8.0.0', PUBLISHED)).toBe('8.10.0');
  expect(nearestInstallable('10.0.0', PUBLISHED)).toBeUndefined();
  expect(nearestInstallable('latest', PUBLISHED)).toBeUndefined();
});

test('the table has a row per example with versions, install steps, views and the action', () => {
  const table = examplesTable([
    {
      name: 'demo',
      prepared: {
        name: 'demo',
        commit: 'c',
        path: 'p',
        installed: true,
        steps: [{what: 'npm install'}, {what: 'npm install --legacy-peer-deps', why: 'x'}],
        sdk: '8.0.0',
        stripe: '9.4.0',
      },
      views: [
        {
          component: 'App',
          viewport: 'stripe.dashboard.drawer.default',
          page: 'home',
          rendered: true,
          placeholders: ['Tabs'],
          notices: ['blocked: fetch | x'],
        },
      ],
      action: {what: 'save', expected: true, ok: false, outcome: 'timeout'},
    },
  ]);
  const lines = table.split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[2]).toBe(
    '| demo | 8.0.0 / 9.4.0 | `npm install`, `npm install --legacy-peer-deps` | App on `home`: renders (placeholders: Tabs) — blocked: fetch \\| x | save: fails — timeout |',
  );
});

describe('installing an example runs none of its install scripts (offline: a local package tarball)', () => {
  let scratch: string;
  /** Marks the example's folder when it runs: the package stands in for any dependency with a postinstall. */
  const MARKER = 'POSTINSTALL-RAN';

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'examples-install-'));
    const pkg = join(scratch, 'scripted');
    mkdirSync(pkg);
    const script = `node -e "require('fs').writeFileSync(require('path').join(process.env.INIT_CWD, '${MARKER}'), 'x')"`;
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({name: 'scripted-probe', version: '1.0.0', scripts: {postinstall: script}}),
    );
    expect(spawnSync('npm', ['pack', '--silent'], {cwd: pkg, encoding: 'utf8'}).status).toBe(0);
  }, 60_000);

  afterAll(() => {
    rmSync(scratch, {recursive: true, force: true});
  });

  function example(name: string): {dir: string; record: Prepared} {
    const dir = join(scratch, name);
    mkdirSync(dir);
    const dependency = `file:${join(scratch, 'scripted', 'scripted-probe-1.0.0.tgz')}`;
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({name, version: '1.0.0', dependencies: {'scripted-probe': dependency}}),
    );
    return {dir, record: {name, commit: 'c', path: 'p', installed: false, steps: []}};
  }

  test('with a package-lock.json: npm ci --ignore-scripts, and the skipped script is recorded', () => {
    const {dir, record} = example('locked');
    // The lockfile as the example would ship it (made without running the script).
    expect(
      spawnSync('npm', ['install', '--ignore-scripts', '--package-lock-only', '--no-audit', '--no-fund'], {cwd: dir})
        .status,
    ).toBe(0);
    const prepared = installExample(dir, record);
    expect(prepared).toMatchObject({installed: true, skippedScripts: ['scripted-probe']});
    expect(prepared.steps.map((s) => s.what)).toEqual(['npm ci --ignore-scripts']);
    expect(existsSync(join(dir, 'node_modules', 'scripted-probe', 'package.json'))).toBe(true);
    expect(existsSync(join(dir, MARKER))).toBe(false);
  }, 60_000);

  test('without one: npm install --ignore-scripts; a build step the catalog names runs after it', () => {
    const {dir, record} = example('unlocked');
    const prepared = installExample(dir, record, [{args: ['pkg', 'get', 'name'], why: 'a named step, run explicitly'}]);
    expect(prepared).toMatchObject({installed: true, skippedScripts: ['scripted-probe']});
    expect(prepared.steps.map((s) => s.what)).toEqual(['npm install --ignore-scripts', 'npm pkg get name']);
    expect(existsSync(join(dir, MARKER))).toBe(false);
  }, 60_000);
});
