import type {IncomingMessage, ServerResponse} from 'node:http';
import {generateKeyPairSync, randomBytes} from 'node:crypto';
import Provider, {type InteractionDetails, type KoaContextLike} from 'oidc-provider';
import {
  checkOptions,
  CLIENT_ID,
  CLIENT_NAME,
  LOCAL_USERS,
  OAUTH_PREFIX,
  type OAuthProviderOptions,
  type RunningOAuthProvider,
} from './options';
import {createMemoryAdapterFactory} from './adapter';
import {consentPage, loginPage, messagePage} from './pages';
import {serve} from '../platform/serve';

/**
 * A real OAuth 2.0 authorization server for development and tests, built on oidc-provider: authorization code with
 * PKCE (S256 only, always required), refresh tokens (`offline_access`, rotated on use), revocation, userinfo, and a
 * development login and consent page. One public client, `keyring-stripe-app`, with the redirect URIs given at start.
 * Signing and cookie keys are generated in memory at start; nothing is written to disk.
 * @see https://github.com/panva/node-oidc-provider/tree/v8.8.1/docs
 */

export type {OAuthProviderOptions, RunningOAuthProvider} from './options';

const INTERACTION_PREFIX = `${OAUTH_PREFIX}/interaction/`;
const MAX_FORM_BYTES = 16 * 1024;

const ROUTES = {
  authorization: `${OAUTH_PREFIX}/authorize`,
  token: `${OAUTH_PREFIX}/token`,
  revocation: `${OAUTH_PREFIX}/revoke`,
  userinfo: `${OAUTH_PREFIX}/userinfo`,
  jwks: `${OAUTH_PREFIX}/jwks`,
  end_session: `${OAUTH_PREFIX}/session/end`,
  introspection: `${OAUTH_PREFIX}/introspect`,
  registration: `${OAUTH_PREFIX}/register`,
  pushed_authorization_request: `${OAUTH_PREFIX}/par`,
  code_verification: `${OAUTH_PREFIX}/device`,
  device_authorization: `${OAUTH_PREFIX}/device/auth`,
  backchannel_authentication: `${OAUTH_PREFIX}/backchannel`,
};

const EMAIL = /^[^\s@<>"']{1,64}@[^\s@<>"']{1,190}\.[a-z]{2,}$/i;

/**
 * CORS answers only the origins the client was registered with (those of its redirect URIs: the local Dashboard, whose
 * views call the token, revocation and userinfo endpoints from a same-origin Web Worker). Not every loopback port (any
 * local program can serve a page there) and never `null` (a sandboxed frame or a file anyone can open).
 */
function corsOrigins(redirectUris: string[]): Set<string> {
  return new Set(redirectUris.map((uri) => new URL(uri).origin));
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolveForm, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        reject(new Error('form too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveForm(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
  res.setHeader('X-Frame-Options', 'DENY');
  res.end(html);
}

function displayName(email: string): string {
  return LOCAL_USERS.find((u) => u.email === email)?.name ?? email.split('@')[0];
}

export async function startOAuthProvider(options: OAuthProviderOptions): Promise<RunningOAuthProvider> {
  const settings = checkOptions(options);
  const log = options.log;
  let provider: Provider | undefined;
  // Until the provider exists (it needs the port for its issuer), requests get 503; nothing is announced before then.
  let providerCallback = (_req: IncomingMessage, res: ServerResponse) => {
    res.statusCode = 503;
    res.end();
  };

  async function interaction(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const [uid, action = ''] = pathname.slice(INTERACTION_PREFIX.length).split('/');
    const oidc = provider as Provider;
    let details: InteractionDetails;
    try {
      details = await oidc.interactionDetails(req, res);
    } catch {
      sendHtml(res, 400, messagePage('This sign-in has expired', 'Go back to the app and choose Connect again.'));
      return;
    }
    if (details.uid !== uid) {
      sendHtml(res, 400, messagePage('This sign-in has expired', 'Go back to the app and choose Connect again.'));
      return;
    }
    const base = `${INTERACTION_PREFIX}${encodeURIComponent(uid)}`;
    const client = await oidc.Client.find(String(details.params.client_id));
    const clientName = client?.clientName ?? String(details.params.client_id);

    if (req.method === 'GET' && action === '') {
      if (details.prompt.name === 'login') {
        sendHtml(res, 200, loginPage({action: `${base}/login`, abortAction: `${base}/abort`, clientName}));
      } else if (details.prompt.name === 'consent') {
        const scopes = String(details.params.scope ?? '').split(' ').filter(Boolean);
        sendHtml(res, 200, consentPage({action: `${base}/consent`, clientName, email: details.session?.accountId ?? '', scopes}));
      } else {
        sendHtml(res, 501, messagePage('Not supported', `The local provider cannot handle the "${details.prompt.name}" step.`));
      }
      return;
    }
    if (req.method !== 'POST') {
      sendHtml(res, 405, messagePage('Not allowed', 'Use the buttons on the sign-in page.'));
      return;
    }
    const form = await readForm(req);
    if (action === 'login' && details.prompt.name === 'login') {
      const email = (form.get('email') ?? '').trim().toLowerCase();
      if (!EMAIL.test(email)) {
        const error = email ? 'That is not an email address.' : 'Pick a user or type an email address.';
        sendHtml(res, 400, loginPage({action: `${base}/login`, abortAction: `${base}/abort`, clientName, error, typed: email}));
        return;
      }
      await oidc.interactionFinished(req, res, {login: {accountId: email}}, {mergeWithLastSubmission: false});
      return;
    }
    if (action === 'consent' && details.prompt.name === 'consent') {
      if (form.get('decision') !== 'allow') {
        await oidc.interactionFinished(req, res, {error: 'access_denied', error_description: 'The user denied access.'}, {mergeWithLastSubmission: false});
        return;
      }
      const accountId = details.session?.accountId;
      if (!accountId) {
        sendHtml(res, 400, messagePage('This sign-in has expired', 'Go back to the app and choose Connect again.'));
        return;
      }
      const existing = details.grantId ? await oidc.Grant.find(details.grantId) : undefined;
      const grant = existing ?? new oidc.Grant({accountId, clientId: String(details.params.client_id)});
      const missing = details.prompt.details;
      if (Array.isArray(missing.missingOIDCScope)) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (Array.isArray(missing.missingOIDCClaims)) grant.addOIDCClaims(missing.missingOIDCClaims as string[]);
      if (missing.missingResourceScopes && typeof missing.missingResourceScopes === 'object') {
        for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes as Record<string, string[]>)) {
          grant.addResourceScope(indicator, scopes.join(' '));
        }
      }
      const grantId = await grant.save();
      await oidc.interactionFinished(req, res, {consent: {grantId}}, {mergeWithLastSubmission: true});
      return;
    }
    if (action === 'abort') {
      await oidc.interactionFinished(req, res, {error: 'access_denied', error_description: 'The user cancelled the sign-in.'}, {mergeWithLastSubmission: false});
      return;
    }
    sendHtml(res, 404, messagePage('Not found', 'Go back to the app and choose Connect again.'));
  }

  // The provider's own Host, once it listens: any other name is refused (DNS rebinding, a spoofed issuer in discovery).
  let ownHost: string | undefined = undefined;
  const allowedOrigins = corsOrigins(settings.redirectUris);
  const served = await serve({port: settings.port});
  const port = served.port;
  served.handle((req, res) => {
    const started = performance.now();
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    // Never the query string: an authorization response or request carries a code, a state or a challenge there.
    res.on('finish', () => log?.(`${req.method} ${pathname} → ${res.statusCode} ${(performance.now() - started).toFixed(1)} ms`));
    if (ownHost !== undefined && req.headers.host !== ownHost) {
      res.writeHead(421, {'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store'});
      res.end(`Misdirected request: this provider answers only http://${ownHost}.\n`);
      return;
    }
    // oidc-provider answers every preflight; one from an origin it would refuse gets no CORS headers, so the browser
    // never sends the request itself.
    const origin = req.headers.origin;
    if (req.method === 'OPTIONS' && origin !== undefined && !allowedOrigins.has(origin)) {
      res.writeHead(204, {'Cache-Control': 'no-store', Vary: 'Origin'});
      res.end();
      return;
    }
    if (pathname.startsWith(INTERACTION_PREFIX)) {
      interaction(req, res, pathname).catch(() => {
        if (!res.headersSent) sendHtml(res, 500, messagePage('Something went wrong', 'Go back to the app and choose Connect again.'));
        else res.end();
      });
      return;
    }
    providerCallback(req, res);
  });

  const issuer = `http://127.0.0.1:${port}`;
  ownHost = `127.0.0.1:${port}`;

  try {
    const signingKey = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({format: 'jwk'});
    const {accessTokenTtl, refreshTokenTtl, refreshReuseGrace, refreshReuse, tokenSize} = settings;
    provider = new Provider(issuer, {
      adapter: createMemoryAdapterFactory({refreshReuseGrace, refreshReuse}),
      // Provider-sized tokens on request: opaque tokens of `tokenSize` characters (64 symbols, 6 bits each).
      formats: {
        bitsOfOpaqueRandomness: (_ctx: unknown, token: {kind?: string}) =>
          tokenSize && (token.kind === 'AccessToken' || token.kind === 'RefreshToken') ? tokenSize * 6 : 256,
      },
      clients: [
        {
          client_id: CLIENT_ID,
          client_name: CLIENT_NAME,
          application_type: 'web',
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: settings.redirectUris,
        },
      ],
      jwks: {keys: [{...signingKey, use: 'sig', alg: 'RS256'}]},
      cookies: {
        keys: [randomBytes(32).toString('base64url')],
        // Cookies ignore ports: names of their own keep them apart from the local Dashboard's on the same host.
        names: {session: 'keyring_oauth_session', interaction: 'keyring_oauth_interaction', resume: 'keyring_oauth_resume'},
        long: {signed: true, httpOnly: true, sameSite: 'lax'},
        short: {signed: true, httpOnly: true, sameSite: 'lax'},
      },
      routes: ROUTES,
      scopes: ['openid', 'offline_access', 'profile', 'email'],
      // With `tokenSize`, the ID token carries a padding claim so it is at least that long too.
      claims: {openid: tokenSize ? ['sub', 'keyring_padding'] : ['sub'], profile: ['name'], email: ['email', 'email_verified']},
      pkce: {methods: ['S256'], required: () => true},
      features: {
        devInteractions: {enabled: false},
        revocation: {enabled: true},
        userinfo: {enabled: true},
        introspection: {enabled: false},
        rpInitiatedLogout: {enabled: false},
      },
      interactions: {url: (_ctx: unknown, interaction: {uid: string}) => `${INTERACTION_PREFIX}${interaction.uid}`},
      clientBasedCORS: (_ctx: unknown, origin: string) => allowedOrigins.has(origin),
      findAccount: (_ctx: unknown, sub: string) => ({
        accountId: sub,
        claims: (use: string) => ({
          sub,
          email: sub,
          email_verified: true,
          name: displayName(sub),
          ...(tokenSize && use === 'id_token' ? {keyring_padding: 'x'.repeat(tokenSize)} : {}),
        }),
      }),
      ttl: {
        AccessToken: accessTokenTtl,
        AuthorizationCode: 60,
        IdToken: accessTokenTtl,
        // A rotated refresh token keeps what was left of the one it replaces: the connection lasts refreshTokenTtl.
        RefreshToken: (ctx: {oidc?: {entities?: {RotatedRefreshToken?: {remainingTTL: number}}}} | undefined) =>
          ctx?.oidc?.entities?.RotatedRefreshToken?.remainingTTL ?? refreshTokenTtl,
        Grant: refreshTokenTtl,
        Session: refreshTokenTtl,
        Interaction: 10 * 60,
      },
      renderError: (ctx: {type: string; body: unknown; status: number}, out: {error?: string; error_description?: string}) => {
        ctx.type = 'html';
        ctx.body = messagePage('Sign-in error', `${out.error ?? 'error'}: ${out.error_description ?? 'the request could not be completed.'}`);
      },
    });
  } catch (err) {
    await served.close();
    throw err;
  }

  const oidc = provider;
  // A slow or silent token endpoint, on request: the answer waits `tokenDelay` ms, or until the provider closes.
  const hanging = new Set<() => void>();
  const {tokenDelay} = settings;
  if (tokenDelay !== 0) {
    oidc.use(async (ctx: KoaContextLike, next) => {
      if (ctx.method === 'POST' && ctx.path === ROUTES.token) {
        await new Promise<void>((done) => {
          hanging.add(done);
          if (tokenDelay !== 'hang') setTimeout(() => hanging.delete(done) && done(), tokenDelay);
        });
      }
      await next();
    });
  }
  // Like several providers, say how long the refresh token lasts, so the app can keep the connection exactly that long.
  oidc.use(async (ctx: KoaContextLike, next) => {
    await next();
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200) return;
    const body = ctx.body as Record<string, unknown> | undefined;
    if (body && typeof body.refresh_token === 'string') {
      const stored = await oidc.RefreshToken.find(body.refresh_token);
      if (stored) body.refresh_token_expires_in = stored.remainingTTL;
    }
  });
  oidc.on('server_error', (_ctx: unknown, err: unknown) => log?.(`server error: ${err instanceof Error ? err.message : 'unknown'}`));
  providerCallback = oidc.callback();

  return {
    url: issuer,
    port,
    close: () => {
      const closed = served.close();
      for (const release of hanging) release();
      hanging.clear();
      return closed;
    },
  };
}
