import {nearestInstallable} from '../../examples/install';
import {examplesTable} from '../../examples/table';

/** The pieces of the example-app tooling that need no network: the SDK pin rule and the README table. */
const PUBLISHED = ['2.2.1', '7.1.0', '8.0.0', '8.1.0', '8.6.0', '8.7.0', '8.8.1', '8.9.0', '8.10.0', '8.11.0', '9.1.0', '9.2.0-alpha.6', '9.2.1', '9.3.0'];

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
      prepared: {name: 'demo', commit: 'c', path: 'p', installed: true, steps: [{what: 'npm install'}, {what: 'npm install --legacy-peer-deps', why: 'x'}], sdk: '8.0.0', stripe: '9.4.0'},
      views: [{component: 'App', viewport: 'stripe.dashboard.drawer.default', page: 'home', rendered: true, placeholders: ['Tabs'], notices: ['blocked: fetch | x']}],
      action: {what: 'save', expected: true, ok: false, outcome: 'timeout'},
    },
  ]);
  const lines = table.split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[2]).toBe(
    '| demo | 8.0.0 / 9.4.0 | `npm install`, `npm install --legacy-peer-deps` | App on `home`: renders (placeholders: Tabs) — blocked: fetch \\| x | save: fails — timeout |',
  );
});
