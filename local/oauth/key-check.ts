import type {IncomingMessage, ServerResponse} from 'node:http';

/**
 * The third party's API, as far as an account's API key goes: `GET /api/key-check` with `Authorization: Bearer <key>`
 * answers 200 `{"accepted": true}` for a key of the app's format (`^ec_(live|test)_[A-Za-z0-9]{24,}$`, the manifest's
 * `apiKey.format`) that is not refused, else 401 `{"accepted": false, "error": "invalid_key"}`. A key is refused when
 * it contains `refused` (a key tests can write) or was marked with `POST /api/key-check/refused` (same header): a key
 * that worked and then stopped, as a revoked key does. `GET /api/key-check/stats` counts the checks, so tests can
 * assert how often a backend called. Keys are kept only as marks in memory and never logged (the request log has no
 * headers).
 */

export const KEY_CHECK_PATH = '/api/key-check';
const KEY_FORMAT = /^ec_(live|test)_[A-Za-z0-9]{24,}$/;

export interface KeyCheckStats {
  requests: number;
  accepted: number;
  refused: number;
}

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers});
  res.end(JSON.stringify(body));
}

/** A handler for the key-check paths; answers false for any other path, so the caller routes it on. */
export function createKeyCheck(): (req: IncomingMessage, res: ServerResponse, pathname: string) => boolean {
  const refusedKeys = new Set<string>();
  const stats: KeyCheckStats = {requests: 0, accepted: 0, refused: 0};
  return (req, res, pathname) => {
    if (pathname === KEY_CHECK_PATH && req.method === 'GET') {
      stats.requests += 1;
      const key = bearer(req);
      const accepted = key !== undefined && KEY_FORMAT.test(key) && !key.includes('refused') && !refusedKeys.has(key);
      if (accepted) {
        stats.accepted += 1;
        json(res, 200, {accepted: true});
      } else {
        stats.refused += 1;
        json(res, 401, {accepted: false, error: 'invalid_key'}, {'WWW-Authenticate': 'Bearer error="invalid_token"'});
      }
      return true;
    }
    if (pathname === `${KEY_CHECK_PATH}/refused` && req.method === 'POST') {
      const key = bearer(req);
      if (key === undefined)
        json(res, 400, {
          error: 'invalid_request',
          error_description: 'send the key to refuse as Authorization: Bearer <key>',
        });
      else {
        refusedKeys.add(key);
        json(res, 200, {refused: true});
      }
      return true;
    }
    if (pathname === `${KEY_CHECK_PATH}/stats` && req.method === 'GET') {
      json(res, 200, stats);
      return true;
    }
    if (pathname === KEY_CHECK_PATH || pathname.startsWith(`${KEY_CHECK_PATH}/`)) {
      json(res, 405, {error: 'method_not_allowed'});
      return true;
    }
    return false;
  };
}
