import {randomBytes} from 'node:crypto';
import Provider from 'oidc-provider';
import {serve} from '../platform/serve';
import {corsOrigins, providerConfiguration} from './configuration';
import {createFront} from './front';
import {delayTokenEndpoint, stateRefreshLifetime} from './middleware';
import {checkOptions, type OAuthProviderOptions, type RunningOAuthProvider} from './options';

/**
 * A real OAuth 2.0 authorization server for development and tests, built on oidc-provider: authorization code with
 * PKCE (S256 only, always required), refresh tokens (`offline_access`, rotated on use), revocation, userinfo, and a
 * development login and consent page. One public client, `keyring-stripe-app`, with the redirect URIs given at start.
 * Signing and cookie keys are generated in memory at start; nothing is written to disk.
 *
 * Starting is a sequence: listen (the issuer needs the port; requests get 503 until the end) → oidc-provider with its
 * configuration (configuration.ts) → the token endpoint's additions (middleware.ts) → the request pipeline (front.ts,
 * with the login and consent pages of interaction.ts) takes the requests.
 * @see https://github.com/panva/node-oidc-provider/tree/v8.8.1/docs
 */

export type {OAuthProviderOptions, RunningOAuthProvider} from './options';

export async function startOAuthProvider(options: OAuthProviderOptions): Promise<RunningOAuthProvider> {
  const settings = checkOptions(options);
  const served = await serve({port: settings.port, fd: options.fd});
  const allowedOrigins = corsOrigins(settings.redirectUris);
  let oidc: Provider;
  try {
    oidc = new Provider(served.url, providerConfiguration(settings, allowedOrigins));
  } catch (err) {
    await served.close();
    throw err;
  }
  if (settings.tokenSize) sizeOpaqueTokens(oidc, settings.tokenSize);
  const releaseTokenRequests = delayTokenEndpoint(oidc, settings.tokenDelay);
  stateRefreshLifetime(oidc);
  oidc.on('server_error', (_ctx: unknown, err: unknown) =>
    options.log?.(`server error: ${err instanceof Error ? err.message : 'unknown'}`),
  );
  served.handle(createFront({oidc, ownHost: `127.0.0.1:${served.port}`, allowedOrigins, log: options.log}));

  return {
    url: served.url,
    port: served.port,
    close: () => {
      const closed = served.close();
      releaseTokenRequests();
      return closed;
    },
  };
}

/**
 * Provider-sized tokens on request: access and refresh tokens of `size` characters (base64url, 6 bits each).
 * oidc-provider's own `formats.bitsOfOpaqueRandomness` hands the length to nanoid, whose random pool (size × 128 bytes)
 * exceeds what `crypto.getRandomValues` fills at once (64 KiB) beyond 2,688 characters: every code exchange then
 * answered 500. `randomBytes` has no such limit, so the whole documented range (up to MAX_TOKEN_SIZE) works.
 */
function sizeOpaqueTokens(oidc: Provider, size: number): void {
  type Token = {format?: string; generateTokenId: () => string};
  const models = oidc as unknown as Record<'AccessToken' | 'RefreshToken', {prototype: Token}>;
  for (const model of [models.AccessToken, models.RefreshToken]) {
    model.prototype.generateTokenId = function generateTokenId(this: Token) {
      // The access token's format is chosen per token (oidc-provider's "dynamic" format) and read back when it is
      // saved.
      this.format = 'opaque';
      return randomBytes(Math.ceil((size * 6) / 8))
        .toString('base64url')
        .slice(0, size);
    };
  }
}
