import {readFileSync} from 'node:fs';
import {DEFAULT_BACKEND_PORT, DEFAULT_PROVIDER_PORT, type AppProject} from './app';

/**
 * Which of the local Dashboard's optional parts an app needs, so the startup output and the running servers fit the
 * app: the Secret Store notice only for an app that calls the Secret Store, the OAuth provider only for an app whose
 * manifest points at it.
 */

/** A call to the Secret Store in source: stripe-node's `apps.secrets`, or its path for a hand-made request. */
const SECRET_STORE_CALL = /\.apps\s*\.\s*secrets\b|\/v1\/apps\/secrets/;

/**
 * Whether any of the app's own source files (as bundled, so shared code outside src/ counts) calls the Secret Store.
 */
export function callsSecretStore(sources: readonly string[]): boolean {
  return sources.some((file) => {
    try {
      return SECRET_STORE_CALL.test(readFileSync(file, 'utf8'));
    } catch {
      return false;
    }
  });
}

const PROVIDER_ORIGINS = [`http://127.0.0.1:${DEFAULT_PROVIDER_PORT}`, `http://localhost:${DEFAULT_PROVIDER_PORT}`];

function mentionsProvider(value: unknown): boolean {
  if (typeof value === 'string')
    return PROVIDER_ORIGINS.some((origin) => value === origin || value.startsWith(`${origin}/`));
  if (Array.isArray(value)) return value.some(mentionsProvider);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(mentionsProvider);
  return false;
}

/** Whether the manifest's `constants` or `connect-src` name the local OAuth provider's default origin. */
export function pointsAtLocalProvider(app: Pick<AppProject, 'constants' | 'connectSrc'>): boolean {
  return mentionsProvider(app.constants) || mentionsProvider(app.connectSrc);
}

const BACKEND_ORIGINS = [`http://127.0.0.1:${DEFAULT_BACKEND_PORT}`, `http://localhost:${DEFAULT_BACKEND_PORT}`];

/**
 * Whether the manifest's `backendUrl` constant names the local backend's default origin (Keyring's
 * stripe-app.local.json does): only then does `npm start` run the backend unasked, since only then do the views call
 * it.
 */
export function pointsAtLocalBackend(app: Pick<AppProject, 'constants'>): boolean {
  const constants = app.constants;
  const url =
    typeof constants === 'object' && constants !== null ? (constants as Record<string, unknown>).backendUrl : undefined;
  return typeof url === 'string' && BACKEND_ORIGINS.some((origin) => url === origin || url.startsWith(`${origin}/`));
}
