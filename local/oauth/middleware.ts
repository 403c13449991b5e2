import type Provider from 'oidc-provider';
import type {KoaContextLike} from 'oidc-provider';
import {ROUTES} from './configuration';

/** What the local provider adds to oidc-provider's own handling of the token endpoint. */

/**
 * A slow or silent token endpoint, on request: the answer waits `tokenDelay` ms, or (`'hang'`) until released.
 * Returns what releases every request still waiting (the provider calls it when it closes).
 */
export function delayTokenEndpoint(oidc: Provider, tokenDelay: number | 'hang'): () => void {
  const hanging = new Set<() => void>();
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
  return () => {
    for (const release of hanging) release();
    hanging.clear();
  };
}

/**
 * Like several providers, says how long the refresh token lasts, so the app can keep the connection exactly that long.
 */
export function stateRefreshLifetime(oidc: Provider): void {
  oidc.use(async (ctx: KoaContextLike, next) => {
    await next();
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200) return;
    const body = ctx.body as Record<string, unknown> | undefined;
    if (body && typeof body.refresh_token === 'string') {
      const stored = await oidc.RefreshToken.find(body.refresh_token);
      if (stored) body.refresh_token_expires_in = stored.remainingTTL;
    }
  });
}
