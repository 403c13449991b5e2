import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {loadApp} from '../../dashboard/app';
import {startDashboard} from '../../dashboard';

/**
 * `--app` takes any project, so the manifest values that become paths obey the manifest's rules first: an `id` is the
 * name of the data folder under `.local-data/apps/`, a view's `component` the name of a file in `src/views`.
 */
let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'keyring-app-paths-'));
});
afterEach(() => {
  rmSync(base, {recursive: true, force: true});
});

function project(manifest: Record<string, unknown>): string {
  const dir = join(base, 'project');
  mkdirSync(join(dir, 'src', 'views'), {recursive: true});
  writeFileSync(join(dir, 'src', 'views', 'AppDrawer.tsx'), 'export default function AppDrawer() { return null; }\n');
  writeFileSync(
    join(dir, 'stripe-app.json'),
    JSON.stringify({
      id: 'com.example.paths',
      version: '0.0.1',
      name: 'Paths',
      permissions: [],
      ui_extension: {views: [{viewport: 'stripe.dashboard.drawer.default', component: 'AppDrawer'}]},
      ...manifest,
    }),
  );
  return dir;
}

test.each(['../../escaped', '..', '.', 'com/example', 'a\\b', ''])(
  'an id of %j is refused before anything uses it',
  (id) => {
    expect(() => loadApp(project({id}))).toThrow(/"id" .* is not an app id/);
  },
);

test.each(['../../../outside/Evil', 'nested/View', 'View.tsx', ''])(
  'a view component of %j is refused, so no file outside src/views is bundled',
  (component) => {
    // The file the component would point at exists: only the rule stops it.
    mkdirSync(join(base, 'outside'), {recursive: true});
    writeFileSync(join(base, 'outside', 'Evil.tsx'), 'export default function Evil() { return null; }\n');
    const dir = project({ui_extension: {views: [{viewport: 'stripe.dashboard.drawer.default', component}]}});
    expect(() => loadApp(dir)).toThrow(/ui_extension\.views\[0\]\.component .* is not a component name/);
  },
);

test('a project with ordinary names still loads', () => {
  const app = loadApp(project({}));
  expect(app.id).toBe('com.example.paths');
  expect(Object.keys(app.viewFiles)).toEqual(['AppDrawer']);
});

test('the Dashboard with such an --app creates no folder outside .local-data/apps', async () => {
  const cwd = process.cwd();
  const work = join(base, 'work');
  mkdirSync(work);
  process.chdir(work);
  try {
    // From `work`, .local-data/apps/../../escaped is `work/escaped`.
    await expect(
      startDashboard({port: 0, appDir: project({id: '../../escaped'}), providerPort: false, watch: false}),
    ).rejects.toThrow(/is not an app id/);
  } finally {
    process.chdir(cwd);
  }
  expect(existsSync(join(work, 'escaped'))).toBe(false);
  expect(existsSync(join(work, '.local-data'))).toBe(false);
});
