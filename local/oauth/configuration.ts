import {generateKeyPairSync, randomBytes} from 'node:crypto';
import type {Configuration} from 'oidc-provider';
import {createMemoryAdapterFactory} from './adapter';
import {CLIENT_ID, CLIENT_NAME, LOCAL_USERS, OAUTH_PREFIX, type checkOptions} from './options';
import {messagePage} from './pages';

/**
 * What oidc-provider is told: authorization code with PKCE (S256 only, always required), rotated refresh tokens,
 * revocation and userinfo on; one public client with the redirect URIs given at start; keys made in memory.
 * @see https://github.com/panva/node-oidc-provider/tree/v8.8.1/docs
 */

export const INTERACTION_PREFIX = `${OAUTH_PREFIX}/interaction/`;

export const ROUTES = {
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

type Settings = ReturnType<typeof checkOptions>;

/**
 * CORS answers only the origins the client was registered with (those of its redirect URIs: the local Dashboard, whose
 * views call the token, revocation and userinfo endpoints from a same-origin Web Worker). Not every loopback port (any
 * local program can serve a page there) and never `null` (a sandboxed frame or a file anyone can open).
 */
export function corsOrigins(redirectUris: string[]): Set<string> {
  return new Set(redirectUris.map((uri) => new URL(uri).origin));
}

function displayName(email: string): string {
  return LOCAL_USERS.find((u) => u.email === email)?.name ?? email.split('@')[0];
}

/** Any email signs in; its account's claims are the email itself and a display name. */
function findAccount(tokenSize: number) {
  return (_ctx: unknown, sub: string) => ({
    accountId: sub,
    claims: (use: string) => ({
      sub,
      email: sub,
      email_verified: true,
      name: displayName(sub),
      // With `tokenSize`, the ID token carries a padding claim so it is at least that long too.
      ...(tokenSize && use === 'id_token' ? {keyring_padding: 'x'.repeat(tokenSize)} : {}),
    }),
  });
}

export function providerConfiguration(settings: Settings, allowedOrigins: Set<string>): Configuration {
  // ID tokens are signed with P-256 (ES256, as Apple's sign-in does): neither the views nor the backend read them, and
  // an RSA-2048 key took 0.16 s of CPU to make, at every one of the provider's starts (about 45 in `npm test`).
  const signingKey = generateKeyPairSync('ec', {namedCurve: 'P-256'}).privateKey.export({format: 'jwk'});
  const {accessTokenTtl, refreshTokenTtl, refreshReuseGrace, refreshReuse, tokenSize} = settings;
  return {
    adapter: createMemoryAdapterFactory({refreshReuseGrace, refreshReuse}),
    clients: [
      {
        client_id: CLIENT_ID,
        client_name: CLIENT_NAME,
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
        redirect_uris: settings.redirectUris,
      },
    ],
    jwks: {keys: [{...signingKey, use: 'sig', alg: 'ES256'}]},
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      // Cookies ignore ports: names of their own keep them apart from the local Dashboard's on the same host.
      names: {
        session: 'keyring_oauth_session',
        interaction: 'keyring_oauth_interaction',
        resume: 'keyring_oauth_resume',
      },
      long: {signed: true, httpOnly: true, sameSite: 'lax'},
      short: {signed: true, httpOnly: true, sameSite: 'lax'},
    },
    routes: ROUTES,
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    claims: {
      openid: tokenSize ? ['sub', 'keyring_padding'] : ['sub'],
      profile: ['name'],
      email: ['email', 'email_verified'],
    },
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
    findAccount: findAccount(tokenSize),
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
    renderError: (
      ctx: {type: string; body: unknown; status: number},
      out: {error?: string; error_description?: string},
    ) => {
      ctx.type = 'html';
      ctx.body = messagePage(
        'Sign-in error',
        `${out.error ?? 'error'}: ${out.error_description ?? 'the request could not be completed.'}`,
      );
    },
  };
}
