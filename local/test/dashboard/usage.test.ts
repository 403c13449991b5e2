import {join, resolve} from 'node:path';
import {loadApp} from '../../dashboard/app';
import {createBundler} from '../../dashboard/bundle';
import {startDashboard} from '../../dashboard';
import {callsSecretStore, pointsAtLocalProvider} from '../../dashboard/usage';
import {keyringWithoutSecretWrite} from '../e2e/fixture-apps';

/**
 * Messages and servers only where they apply: the secret_write notice for an app that calls the Secret Store, the
 * OAuth provider for a manifest that points at it (or on request).
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'local', 'test', 'e2e', 'fixtures');

async function workerSources(dir: string): Promise<string[]> {
  const bundler = await createBundler(loadApp(dir), {watch: false, onBuilt: () => undefined});
  try {
    expect(bundler.errors()).toEqual([]);
    return bundler.sources();
  } finally {
    await bundler.dispose();
  }
}

test('the sources of the worker build: the app’s own files, shared code outside src/views included, no runtime or packages', async () => {
  const app = keyringWithoutSecretWrite();
  try {
    const sources = await workerSources(app.dir);
    expect(sources).toContain(join(app.dir, 'src', 'views', 'AppDrawer.tsx'));
    expect(sources).toContain(join(app.dir, 'src', 'secrets', 'api.ts'));
    expect(sources.some((file) => file.includes('node_modules') || file.startsWith(join(ROOT, 'local')))).toBe(false);
  } finally {
    app.remove();
  }
}, 30_000);

test('an app calls the Secret Store when its code does, wherever that code lives', async () => {
  expect(callsSecretStore(await workerSources(ROOT))).toBe(true);
  const app = keyringWithoutSecretWrite();
  expect(callsSecretStore(await workerSources(app.dir))).toBe(true);
  app.remove();
  expect(callsSecretStore(await workerSources(join(FIXTURES, 'fetcher')))).toBe(false);
  expect(callsSecretStore(await workerSources(join(FIXTURES, 'stripe9-secrets')))).toBe(true);
}, 60_000);

test('the provider is for manifests that point at it', async () => {
  expect(pointsAtLocalProvider(loadApp(ROOT))).toBe(true);
  expect(pointsAtLocalProvider(loadApp(join(FIXTURES, 'fetcher')))).toBe(false);
  expect(pointsAtLocalProvider({constants: null, connectSrc: ['http://localhost:4244/oauth/']})).toBe(true);
  expect(pointsAtLocalProvider({constants: {tokenUrl: 'http://127.0.0.1:42440/token'}, connectSrc: null})).toBe(false);

  const dashboard = await startDashboard({appDir: join(FIXTURES, 'fetcher'), port: 0, memory: true, watch: false});
  try {
    expect(dashboard.oauth).toBeNull();
    expect(dashboard.oauthProblem).toMatch(/does not point at it; --oauth starts it anyway/);
    expect(dashboard.callsSecretStore).toBe(false);
  } finally {
    await dashboard.close();
  }
}, 30_000);
