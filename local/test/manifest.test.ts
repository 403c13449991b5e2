import {spawnSync} from 'node:child_process';
import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {checkManifest, fetchCalls, hasDefaultExport, loadManifest, type Manifest} from '../manifest/check';
import {KEYRING, KEYRING_VIEWPORTS} from '../manifest/keyring';
import {sampleObjectContext} from '../platform/fixtures';

const root = resolve(__dirname, '../..');
const manifest = () => JSON.parse(readFileSync(join(root, 'stripe-app.json'), 'utf8')) as Manifest;
const views = (m: Manifest) => (m.ui_extension as {views: {viewport: string; component: string}[]}).views;
const csp = (m: Manifest) =>
  (m.ui_extension as {content_security_policy: Record<string, unknown>}).content_security_policy;
/** The check as Keyring's own callers run it: Stripe's rules and Keyring's. */
const check = (m: Manifest, projectDir = root) => checkManifest(m, {projectDir, production: true, app: KEYRING});

describe('stripe-app.json', () => {
  it('passes every rule', () => {
    expect(check(manifest())).toEqual([]);
  });

  it('has a view for the default drawer, each object page and settings, each file default-exporting', () => {
    // stripe-app.json is the one list of Keyring's views (KEYRING_VIEWPORTS reads it): held here to src/views and the
    // fixtures.
    const viewports = views(manifest()).map((v) => v.viewport);
    expect(KEYRING_VIEWPORTS).toEqual(viewports);
    expect(viewports).toEqual(expect.arrayContaining(['stripe.dashboard.drawer.default', 'settings']));
    for (const viewport of viewports.filter((v) => v !== 'stripe.dashboard.drawer.default' && v !== 'settings')) {
      expect([viewport, sampleObjectContext(viewport)]).toEqual([
        viewport,
        expect.objectContaining({id: expect.any(String)}),
      ]);
    }
    const files = readdirSync(join(root, 'src', 'views')).map((file) => file.replace(/\.tsx$/, ''));
    expect(
      views(manifest())
        .map((v) => v.component)
        .sort(),
    ).toEqual(files.sort());
    for (const {component} of views(manifest())) {
      expect(hasDefaultExport(join(root, 'src', 'views', `${component}.tsx`))).toBe(true);
    }
  });

  it('asks for secret_write with a purpose', () => {
    const permission = (manifest().permissions as {permission: string; purpose: string}[]).find(
      (p) => p.permission === 'secret_write',
    );
    expect(permission?.purpose).toMatch(/\w{10}/);
  });
});

describe('a broken manifest fails with a message naming the problem', () => {
  const cases: [string, (m: Manifest) => void, RegExp][] = [
    [
      'unknown viewport',
      (m) => views(m).push({viewport: 'stripe.dashboard.nowhere', component: 'AppDrawer'}),
      /viewport "stripe\.dashboard\.nowhere" is not a Stripe viewport/,
    ],
    [
      'a viewport twice',
      (m) => views(m).push({viewport: 'settings', component: 'AppSettings'}),
      /"settings" is listed twice/,
    ],
    ['bad component name', (m) => (views(m)[0].component = 'App-Drawer'), /component "App-Drawer" must hold only/],
    ['missing view file', (m) => (views(m)[0].component = 'NoSuchView'), /src\/views\/NoSuchView\.tsx is missing/],
    [
      'http connect-src',
      (m) => (csp(m)['connect-src'] = ['http://auth.example.com/oauth/']),
      /must use https: http:\/\/auth\.example\.com\/oauth\//,
    ],
    [
      'connect-src without a path',
      (m) => (csp(m)['connect-src'] = ['https://auth.example.com']),
      /must include a path/,
    ],
    [
      'Stripe API in connect-src',
      (m) => (csp(m)['connect-src'] = ['https://auth.example.com/oauth/', 'https://api.stripe.com/v1/']),
      /must not be a Stripe API URL/,
    ],
    ['CSP without purpose', (m) => delete csp(m).purpose, /content_security_policy needs a purpose/],
    [
      'fetched URL not in connect-src',
      (m) => (csp(m)['connect-src'] = ['https://other.example.com/api/']),
      /constants\.provider\.tokenUrl \(https:\/\/auth\.example\.com\/oauth\/token\) is fetched by the app but not allowed by connect-src/,
    ],
    ['no secret_write', (m) => (m.permissions = []), /permissions must include "secret_write"/],
    [
      'permission without purpose',
      (m) => (m.permissions = [{permission: 'secret_write'}]),
      /\(secret_write\) needs a purpose/,
    ],
    ['missing id', (m) => delete m.id, /missing required key "id"/],
    ['bad id', (m) => (m.id = 'com keyring'), /id must hold only/],
    ['unknown top-level key', (m) => (m.colour = 'blue'), /unknown top-level key "colour"/],
    ['bad icon', (m) => (m.icon = 'icon.jpg'), /icon must be/],
    [
      'localhost in production',
      (m) => ((m.constants as {provider: {tokenUrl: string}}).provider.tokenUrl = 'http://127.0.0.1:4244/token'),
      /constants\.provider\.tokenUrl points at this machine/,
    ],
    [
      'bad distribution type',
      (m) => (m.distribution_type = 'secret'),
      /distribution_type must be one of public, private/,
    ],
    [
      'unknown permission',
      (m) => (m.permissions as unknown[]).push({permission: 'secret_read', purpose: 'Read secrets.'}),
      /permissions\[1\]\.permission "secret_read" is not a Stripe permission/,
    ],
    [
      'image-src not a URL',
      (m) => (csp(m)['image-src'] = ['data:image/png']),
      /image-src\[0\] must be an http\(s\) URL: data:image\/png/,
    ],
    [
      'redirect URI without a path',
      (m) => (m.allowed_redirect_uris = ['https://example.com']),
      /allowed_redirect_uris\[0\] must be an http\(s\) URL with a path/,
    ],
    [
      'a required constant missing',
      (m) => delete (m.constants as {provider: Record<string, unknown>}).provider.clientId,
      /constants\.provider\.clientId is required/,
    ],
    [
      'a constant URL that is not a URL',
      (m) => ((m.constants as {provider: {authorizeUrl: string}}).provider.authorizeUrl = 'auth.example.com/authorize'),
      /constants\.provider\.authorizeUrl is not a URL: auth\.example\.com\/authorize/,
    ],
    [
      'an API-key format that does not compile',
      (m) => ((m.constants as {apiKey: {format: string}}).apiKey.format = '^ec_(live'),
      /constants\.apiKey\.format is not a regular expression/,
    ],
    [
      'no scopes',
      (m) => ((m.constants as {provider: {scopes: string[]}}).provider.scopes = []),
      /constants\.provider\.scopes must be a non-empty list of strings/,
    ],
    [
      'a negative warning window',
      (m) => ((m.constants as {expiryWarningDays: number}).expiryWarningDays = -1),
      /constants\.expiryWarningDays must be a number of days/,
    ],
    [
      'constants.appId differing from id',
      (m) => ((m.constants as {appId: string}).appId = 'com.other.app'),
      /constants\.appId \(com\.other\.app\) must equal the manifest's id/,
    ],
    [
      'no apiKey block',
      (m) => delete (m.constants as Record<string, unknown>).apiKey,
      /constants\.apiKey must be an object/,
    ],
    [
      'post-install action with an extra key',
      (m) => (m.post_install_action = {type: 'settings', url: 'https://example.com/x'}),
      /post_install_action has unknown keys: url/,
    ],
  ];

  it.each(cases)('%s', (_name, breakIt, message) => {
    const broken = manifest();
    breakIt(broken);
    expect(check(broken).join('\n')).toMatch(message);
  });

  it('a view file without a default export', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyring-manifest-'));
    try {
      cpSync(join(root, 'src'), join(dir, 'src'), {recursive: true});
      writeFileSync(join(dir, 'src/views/AppDrawer.tsx'), 'export const AppDrawer = () => null;\n');
      expect(check(manifest(), dir).join('\n')).toMatch(/src\/views\/AppDrawer\.tsx has no default export/);
      unlinkSync(join(dir, 'src/views/AppSettings.tsx'));
      expect(check(manifest(), dir).join('\n')).toMatch(/src\/views\/AppSettings\.tsx is missing/);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('every fetch in src/ is followed: a literal URL must be in connect-src, a computed one only in the known modules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyring-manifest-'));
    try {
      cpSync(join(root, 'src'), join(dir, 'src'), {recursive: true});
      expect(fetchCalls(dir, KEYRING.fetchModules)).toEqual([]);
      writeFileSync(
        join(dir, 'src/components/Extra.ts'),
        [
          "export const a = () => fetch('https://auth.example.com/oauth/token');",
          "export const b = () => globalThis.fetch('https://api.other.example/v1/things');",
          'export const c = (id: string) => fetch(`https://auth.example.com/elsewhere/${id}`);',
          'export const d = (url: string) => fetch(url);',
          '',
        ].join('\n'),
      );
      expect(fetchCalls(dir, KEYRING.fetchModules)).toEqual([
        {where: 'src/components/Extra.ts:1', url: 'https://auth.example.com/oauth/token'},
        {where: 'src/components/Extra.ts:2', url: 'https://api.other.example/v1/things'},
        {where: 'src/components/Extra.ts:3', url: 'https://auth.example.com/elsewhere/'},
        {where: 'src/components/Extra.ts:4', url: undefined},
      ]);
      const problems = check(manifest(), dir).join('\n');
      expect(problems).not.toMatch(/Extra\.ts:1/);
      expect(problems).toMatch(
        /src\/components\/Extra\.ts:2 fetches https:\/\/api\.other\.example\/v1\/things, which connect-src does not allow/,
      );
      expect(problems).toMatch(
        /src\/components\/Extra\.ts:3 fetches https:\/\/auth\.example\.com\/elsewhere\/, which connect-src does not allow/,
      );
      expect(problems).toMatch(/src\/components\/Extra\.ts:4 calls fetch with a URL the check cannot follow/);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('a local override extends the base manifest and may point at this machine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyring-manifest-'));
    try {
      writeFileSync(join(dir, 'stripe-app.json'), JSON.stringify(manifest()));
      writeFileSync(
        join(dir, 'stripe-app.dev.json'),
        JSON.stringify({extends: 'stripe-app.json', constants: {provider: {tokenUrl: 'http://127.0.0.1:4244/token'}}}),
      );
      const merged = loadManifest(join(dir, 'stripe-app.dev.json'));
      const provider = (merged.constants as {provider: Record<string, string>}).provider;
      expect(provider.tokenUrl).toBe('http://127.0.0.1:4244/token');
      expect(provider.clientId).toBe('keyring-stripe-app');
      expect(merged.id).toBe('com.keyring.credentials');
      expect(checkManifest(merged, {projectDir: root, production: true}).join('\n')).toMatch(/points at this machine/);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

describe("Keyring's own rules", () => {
  // Another app: Keyring's manifest with one view and constants of its own, in a project holding only that view.
  const otherApp = () => {
    const m = manifest();
    m.constants = {greeting: 'hello'};
    views(m).splice(1);
    return m;
  };
  let other: string;
  beforeAll(() => {
    other = mkdtempSync(join(tmpdir(), 'keyring-other-app-'));
    cpSync(join(root, 'src/views/AppDrawer.tsx'), join(other, 'src/views/AppDrawer.tsx'));
  });
  afterAll(() => rmSync(other, {recursive: true, force: true}));

  it('are not applied unless passed in', () => {
    expect(checkManifest(otherApp(), {projectDir: other, production: true})).toEqual([]);
  });

  it('check the constants Keyring reads', () => {
    expect(check(otherApp(), other).join('\n')).toMatch(/constants\.provider must be an object/);
  });

  it("ask for a view on each of Keyring's viewports", () => {
    const problems = check(otherApp(), other);
    for (const viewport of KEYRING_VIEWPORTS.slice(1)) {
      expect(problems).toContain(
        `ui_extension.views has no view for "${viewport}", where Keyring shows its credentials`,
      );
    }
    expect(problems.join('\n')).not.toMatch(/no view for "stripe\.dashboard\.drawer\.default"/);
  });

  it('name the module allowed to fetch URLs from constants, and check those URLs', () => {
    const alone = checkManifest(manifest(), {projectDir: root, production: true});
    expect(alone.join('\n')).toMatch(
      /^src\/oauth\/protocol\.ts:\d+ calls fetch with a URL the check cannot follow; fetch only with a literal URL in connect-src$/m,
    );
    expect(check(manifest())).toEqual([]);
    const narrow = manifest();
    csp(narrow)['connect-src'] = ['https://other.example.com/api/'];
    expect(checkManifest(narrow, {projectDir: other, production: true}).join('\n')).not.toMatch(/constants\.provider/);
    expect(check(narrow, other).join('\n')).toMatch(
      /constants\.provider\.tokenUrl \(.+\) is fetched by the app but not allowed by connect-src/,
    );
  });

  it('are added by the command line only with --keyring, which npm run check:manifest passes', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {scripts: Record<string, string>})
      .scripts;
    expect(scripts['check:manifest']).toMatch(/local\/manifest\/cli\.ts --keyring$/);
    expect(scripts.build).toMatch(/local\/build\/cli\.ts --keyring$/);
    writeFileSync(join(other, 'stripe-app.json'), JSON.stringify(otherApp()));
    const cli = (...args: string[]) =>
      spawnSync(
        process.execPath,
        ['--require', 'tsx/cjs', join(root, 'local/manifest/cli.ts'), '--dir', other, ...args],
        {
          cwd: root,
          encoding: 'utf8',
        },
      );
    const plain = cli();
    expect(plain.stdout).toMatch(/ready for stripe apps upload/);
    expect(plain.status).toBe(0);
    const keyring = cli('--keyring');
    expect(keyring.stderr).toMatch(/constants\.provider must be an object/);
    expect(keyring.status).toBe(1);
  });
});

describe('constants.backendUrl', () => {
  const withBackend = (backendUrl: unknown, connectSrc?: string[]) => {
    const m = manifest();
    (m.constants as Record<string, unknown>).backendUrl = backendUrl;
    if (connectSrc) csp(m)['connect-src'] = [...(csp(m)['connect-src'] as string[]), ...connectSrc];
    return m;
  };

  it('production: an https backend whose actions connect-src allows passes', () => {
    expect(check(withBackend('https://keyring.example.com/', ['https://keyring.example.com/actions/']))).toEqual([]);
  });

  it('production: an http or loopback backend is refused, naming constants.backendUrl', () => {
    const http = check(withBackend('http://keyring.example.com/', ['https://keyring.example.com/actions/'])).join('\n');
    expect(http).toMatch(
      /constants\.backendUrl must use https in the production manifest: http:\/\/keyring\.example\.com\//,
    );
    for (const loopback of [
      'https://127.0.0.1:4245/',
      'https://localhost:4245/',
      'https://127.0.0.2/',
      'https://[::1]/',
    ]) {
      expect(check(withBackend(loopback)).join('\n')).toMatch(/constants\.backendUrl points at this machine/);
    }
  });

  it('connect-src must allow <backendUrl>/actions/; a backendUrl that is not a URL is a constants problem', () => {
    expect(check(withBackend('https://keyring.example.com/'))).toContain(
      'constants.backendUrl (https://keyring.example.com/actions/) is fetched by the app but not allowed by connect-src; add "https://keyring.example.com/actions/"',
    );
    expect(check(withBackend('not a url')).join('\n')).toMatch(/constants\.backendUrl is not a URL: not a url/);
  });

  it('a local override may point it at the local backend', () => {
    expect(
      checkManifest(withBackend('http://127.0.0.1:4245/', ['http://127.0.0.1:4245/actions/']), {
        projectDir: root,
        production: false,
        app: KEYRING,
      }),
    ).toEqual([]);
  });
});

describe('stripe-app.local.json', () => {
  const local = () => loadManifest(join(root, 'stripe-app.local.json'));
  const constants = (m: Manifest) => m.constants as {dashboardOrigin?: string; provider: Record<string, unknown>};

  it('extends stripe-app.json and passes every rule of a local override', () => {
    expect((JSON.parse(readFileSync(join(root, 'stripe-app.local.json'), 'utf8')) as Manifest).extends).toBe(
      'stripe-app.json',
    );
    expect(checkManifest(local(), {projectDir: root, production: false, app: KEYRING})).toEqual([]);
  });

  it('points the provider at the local OAuth provider and the return URL at the local Dashboard, and is refused as production', () => {
    const merged = local();
    const base = manifest();
    const provider = constants(merged).provider;
    for (const key of ['authorizeUrl', 'tokenUrl', 'revokeUrl', 'userinfoUrl']) {
      expect(String(provider[key])).toMatch(/^http:\/\/127\.0\.0\.1:4244\/oauth\/[a-z]+$/);
    }
    expect(provider.clientId).toBe(constants(base).provider.clientId);
    expect(provider.scopes).toEqual(constants(base).provider.scopes);
    expect(constants(merged).dashboardOrigin).toBe('http://127.0.0.1:4242');
    expect(csp(merged)['connect-src']).toEqual(['http://127.0.0.1:4244/oauth/', 'http://127.0.0.1:4245/actions/']);
    expect((merged.constants as {backendUrl?: string}).backendUrl).toBe('http://127.0.0.1:4245/');
    expect(views(merged)).toEqual(views(base));
    expect(checkManifest(merged, {projectDir: root, production: true}).join('\n')).toMatch(/points at this machine/);
  });
});
