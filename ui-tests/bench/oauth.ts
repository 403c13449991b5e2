import {performance} from 'node:perf_hooks';
import {resolve} from 'node:path';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {startEmulator} from '../../local/emulator';
import {ACCOUNT as FIXTURE_ACCOUNT, ADA} from '../../local/platform/fixtures';
import {createPlatformHost, installHost, type PlatformHost} from '../../local/platform/host';
import {loadManifest} from '../../local/manifest/check';
import {BENCH_VIEWS, benchContext, openView, settle} from './views';
import {spawnOAuthProvider} from '../../local/oauth/spawn';
import {parseConfig} from '../../src/config';
import {
  characterCount,
  findSecretWithPayload,
  saveSecret,
  SECRET_LIMITS,
  SECRET_NAMES,
  scopeFor,
} from '../../src/secrets';
import {authorizeUrl, redirectUri} from '../../src/oauth/protocol';
import {completeConnection, connectedUser, disconnect, type ConnectionDeps} from '../../src/oauth/connection';
import {asPage, asRedirect, Browser} from '../../local/oauth/testing';

/**
 * The OAuth connection's cost in requests, counted through the host contract (Secret Store) and the local provider's
 * request log: opening each drawer view for a user who is connected and has the account key (the state `benchViews`
 * does not cover), then each connection operation as the views run it (src/oauth/connection.ts) — connect, use with
 * a fresh and with an expired access token, disconnect. Then the size of the stored token set, in Stripe's characters,
 * for the provider's default tokens and for provider-sized ones.
 */

/** The fake Dashboard's administrator: the user `benchContext` opens the views as. */
const ACCOUNT = FIXTURE_ACCOUNT.id;
const USER = ADA.id;
const ROOT = resolve(__dirname, '../..');

/** `list account`, `list user`, `find+payload`, `save`, `delete`: what each Secret Store request was. */
function label(method: string, path: string): string {
  const decoded = decodeURIComponent(path);
  const [route] = decoded.split('?');
  const what =
    route === '/v1/apps/secrets' ? (method === 'GET' ? 'list' : 'save') : route.replace('/v1/apps/secrets/', '');
  const scope = (/scope\[type\]=(\w+)/.exec(decoded) ?? [])[1];
  return `${what}${what === 'list' && scope ? ` ${scope}` : ''}${decoded.includes('payload') ? '+payload' : ''}`;
}
const describeRequests = (host: PlatformHost, from: number) =>
  host.requests
    .slice(from)
    .map((r) => label(r.method, r.path))
    .join(', ');

export async function benchOAuth(print: (line: string) => void): Promise<void> {
  const manifest = loadManifest(resolve(ROOT, 'stripe-app.local.json'));
  const constants = manifest.constants as Record<string, unknown>;
  const appId = String(constants.appId);
  const origin = String(constants.dashboardOrigin);
  const returnUri = redirectUri(appId, 'test', origin);
  const providerLog: string[] = [];
  const emulator = await startEmulator({port: 0, memory: true});
  const provider = await spawnOAuthProvider({redirectUris: [returnUri], log: (line) => providerLog.push(line)});
  const restore: (() => void)[] = [];
  try {
    const endpoint = (name: string) => `${provider.url}/oauth/${name}`;
    const config = parseConfig({
      ...constants,
      provider: {
        ...(constants.provider as Record<string, unknown>),
        authorizeUrl: endpoint('authorize'),
        tokenUrl: endpoint('token'),
        revokeUrl: endpoint('revoke'),
        userinfoUrl: endpoint('userinfo'),
      },
    } as ExtensionContextValue['environment']['constants']);
    const sessionToken = await emulator.createDashboardSession({
      account: ACCOUNT,
      user: USER,
      permissions: ['secret_write'],
    });
    const host = createPlatformHost({emulatorUrl: emulator.url, sessionToken, connectSrc: [`${provider.url}/oauth/`]});
    restore.push(installHost(host));
    const deps: ConnectionDeps = {provider: config.provider, scope: scopeFor('user', {id: USER})};
    const providerCalls = (from: number) =>
      providerLog
        .slice(from)
        .filter((l) => /^(GET|POST) \/oauth\/(token|revoke|userinfo) /.test(l))
        .map((l) => l.split(' → ')[0].replace(' /oauth/', ' '))
        .join(', ');
    const step = async (name: string, run: () => Promise<unknown>) => {
      const fromHost = host.requests.length;
      const fromLog = providerLog.length;
      const started = performance.now();
      await run();
      const ms = performance.now() - started;
      await settle();
      const count = host.requests.length - fromHost;
      print(
        `  ${name.padEnd(34)} Secret Store: ${count} (${describeRequests(host, fromHost)}); provider: ${providerCalls(fromLog) || 'none'}; ${ms.toFixed(0)} ms`,
      );
    };

    print(
      'OAuth connection: requests per operation (Secret Store through the host contract; the local provider from its log)',
    );
    // A person signs in at the local provider; the Dashboard hands back the code and the verifier it kept.
    const {state, challenge} = await (
      host.rpcs.createOAuthState as unknown as (extra: string) => Promise<{state: string; challenge: string}>
    )(`keyring:${USER}`);
    const browser = new Browser((url) => url.origin === origin);
    const login = asPage(
      await browser.request(authorizeUrl(config.provider, {redirectUri: returnUri, state, challenge})),
    );
    const consent = asPage(await browser.submit(login, /ada@example\.com/));
    const back = host.completeOAuth(asRedirect(await browser.submit(consent, 'Allow')).url);
    await step('connect (exchange the code, save)', () =>
      completeConnection(deps, {code: String(back.code), verifier: String(back.verifier), redirectUri: returnUri}),
    );
    await step('use, access token fresh', () => connectedUser(deps));
    // The stored access token has run out (its expiry rewritten to the past): refreshed and saved before the call.
    const saved = await findSecretWithPayload(deps.scope, SECRET_NAMES.oauth);
    if (saved.status !== 'saved') throw new Error('the connection was not saved');
    const expired = {...JSON.parse(saved.payload), access_expires_at: Math.floor(Date.now() / 1000) - 10};
    await saveSecret(deps.scope, SECRET_NAMES.oauth, JSON.stringify(expired));
    await step('use, access token expired', () => connectedUser(deps));

    print('Opening each drawer view, connected and with the account key saved');
    await fetch(new URL('/v1/apps/secrets', emulator.url), {
      method: 'POST',
      headers: {Authorization: `Bearer ${sessionToken}`, 'Content-Type': 'application/x-www-form-urlencoded'},
      body: new URLSearchParams({
        name: 'keyring.api_key',
        payload: `ec_test_${'b'.repeat(24)}`,
        'scope[type]': 'account',
      }).toString(),
    }).then((r) => r.arrayBuffer());
    for (const [name, View, viewportID, objectContext] of BENCH_VIEWS.filter(([name]) => name !== 'AppSettings')) {
      const from = host.requests.length;
      const context = benchContext(viewportID, objectContext, {...constants, provider: {...config.provider}});
      const {opening, rerenders, payloads} = await openView(View, context, host);
      print(
        `  ${name.padEnd(18)} opening: ${opening} (${describeRequests(host, from)}); two re-renders: ${rerenders}; payloads fetched: ${payloads}`,
      );
    }

    print('Disconnecting');
    await step('disconnect (revoke, delete)', () => disconnect(deps));

    print(`Stored token set (payload characters, as Stripe counts them; at most ${SECRET_LIMITS.maxStringLength})`);
    for (const tokenSize of [0, 2048, 2400, 2600]) {
      const sized = await spawnOAuthProvider({redirectUris: [returnUri], tokenSize});
      try {
        const at = (name: string) => `${sized.url}/oauth/${name}`;
        const sizedProvider = {
          ...config.provider,
          authorizeUrl: at('authorize'),
          tokenUrl: at('token'),
          revokeUrl: at('revoke'),
          userinfoUrl: at('userinfo'),
        };
        const sizedDeps: ConnectionDeps = {...deps, provider: sizedProvider};
        const {state: sizedState, challenge: sizedChallenge} = await (
          host.rpcs.createOAuthState as unknown as (extra: string) => Promise<{state: string; challenge: string}>
        )(`keyring:${USER}`);
        const sizedBrowser = new Browser((url) => url.origin === origin);
        const sizedLogin = asPage(
          await sizedBrowser.request(
            authorizeUrl(sizedProvider, {redirectUri: returnUri, state: sizedState, challenge: sizedChallenge}),
          ),
        );
        const sizedConsent = asPage(await sizedBrowser.submit(sizedLogin, /ada@example\.com/));
        const sizedBack = host.completeOAuth(asRedirect(await sizedBrowser.submit(sizedConsent, 'Allow')).url);
        const issued = await completeConnection(sizedDeps, {
          code: String(sizedBack.code),
          verifier: String(sizedBack.verifier),
          redirectUri: returnUri,
        });
        const found = await findSecretWithPayload(deps.scope, SECRET_NAMES.oauth);
        const stored = found.status === 'saved' ? characterCount(found.payload) : 0;
        const kept =
          found.status === 'saved' && JSON.parse(found.payload).access_token
            ? 'access + refresh'
            : 'refresh token only';
        print(
          `  tokens of ${String(issued.refresh_token?.length ?? 0).padStart(4)} characters: ${String(stored).padStart(4)} stored (${kept})`,
        );
        await disconnect(sizedDeps);
      } finally {
        await sized.close();
      }
    }
  } finally {
    for (const undo of restore) undo();
    await provider.close();
    await emulator.close();
  }
}

// `tsx local/bench/oauth.ts` runs it alone.
if (require.main === module) {
  benchOAuth((line) => console.log(line)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
