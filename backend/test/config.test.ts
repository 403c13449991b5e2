import {spawnSync} from 'node:child_process';
import {resolve} from 'node:path';
import {ConfigError, loadConfig} from '../src/config';
import {backendEnv} from './helpers';

/** The environment is checked once at start: every bad value named, each in its own line, no secret ever repeated. */

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

it('a complete environment gives the configuration, keys per mode', () => {
  const config = loadConfig(backendEnv({emulatorUrl: 'http://127.0.0.1:4243', STRIPE_SECRET_KEY_LIVE: undefined}));
  expect(config.stripeKeys).toEqual({test: 'sk_test_backendtests'});
  expect(config.stripeApiBase).toEqual({protocol: 'http', host: '127.0.0.1', port: 4243});
  expect(config.port).toBe(4245);
  expect(config.manageRoles).toEqual(['admin', 'super_admin', 'developer']);
  expect(config.provider.timeoutMs).toBe(15_000);
});

it('an empty environment names every required variable', () => {
  expect(problems({}).map((p) => p.split(' ')[0])).toEqual([
    'STRIPE_SECRET_KEY',
    'KEYRING_SIGNING_SECRETS',
    'KEYRING_PROVIDER_TOKEN_URL',
    'KEYRING_PROVIDER_USERINFO_URL',
    'KEYRING_PROVIDER_KEY_CHECK_URL',
    'KEYRING_PROVIDER_CLIENT_ID',
  ]);
});

it('each malformed value is named, and no secret value appears in the message', () => {
  const env = backendEnv({
    STRIPE_SECRET_KEY: 'pk_test_publishable',
    STRIPE_SECRET_KEY_LIVE: 'sk_test_wrongmode',
    STRIPE_API_BASE: 'ftp://example.com/v1',
    KEYRING_SIGNING_SECRETS: 'absec_good1,whsec_wrongkind',
    STRIPE_WEBHOOK_SECRET_TEST: 'absec_wrongkind',
    REDIS_URL: 'http://127.0.0.1:6379',
    KEYRING_PROVIDER_TOKEN_URL: 'not a url',
    KEYRING_PROVIDER_TIMEOUT_SECONDS: '0',
    KEYRING_MANAGE_ROLES: 'Admin!',
    PORT: '70000',
  });
  const found = problems(env);
  expect(found.map((p) => p.split(' ')[0])).toEqual([
    'STRIPE_SECRET_KEY',
    'STRIPE_SECRET_KEY_LIVE',
    'STRIPE_API_BASE',
    'KEYRING_SIGNING_SECRETS',
    'STRIPE_WEBHOOK_SECRET_TEST',
    'REDIS_URL',
    'KEYRING_PROVIDER_TOKEN_URL',
    'KEYRING_PROVIDER_TIMEOUT_SECONDS',
    'KEYRING_MANAGE_ROLES',
    'PORT',
  ]);
  const text = found.join('\n');
  for (const secret of [
    'pk_test_publishable',
    'sk_test_wrongmode',
    'whsec_wrongkind',
    'absec_wrongkind',
    'absec_good1',
  ])
    expect(text).not.toContain(secret);
});

it('`npm run backend` with a bad environment exits 1 and prints each problem', () => {
  const root = resolve(__dirname, '../..');
  const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', 'backend/src/cli.ts', '--port', '0'], {
    cwd: root,
    env: {PATH: process.env.PATH, STRIPE_SECRET_KEY: 'sk_test_x'},
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('KEYRING_SIGNING_SECRETS is missing');
  expect(run.stderr).toContain('KEYRING_PROVIDER_CLIENT_ID is missing');
});
