import {sendWithDeadline, type ProviderAnswer} from './app-seam';
import type {ProviderEndpoints} from './config';

/**
 * Requests to the third party (the OAuth provider and its API), each aborted after a deadline, body included, so a
 * silent provider never holds a request — or the refresh lock — past its lease. Only a request that never completed
 * is an error; every answer is returned with its JSON body when it has one.
 */
export class ProviderUnavailable extends Error {
  constructor(readonly why: 'unreachable' | 'timeout') {
    super(why === 'timeout' ? 'The provider did not answer in time.' : 'The provider could not be reached.');
  }
}

export type {ProviderAnswer};

/**
 * A request with a deadline, body included: the app's own step (src/oauth/protocol.ts), failing as ProviderUnavailable.
 */
export function send(url: string, init: RequestInit, timeoutMs: number): Promise<ProviderAnswer> {
  return sendWithDeadline(url, init, timeoutMs, (why) => new ProviderUnavailable(why));
}

/**
 * The same deadline without an AbortController, for the hot path (one call per event): creating an AbortSignal costs
 * more than the rest of a signed request in Node (the bench's profile). The caller stops waiting at the deadline; the
 * abandoned request is a read, so letting it finish on its own changes nothing at the provider.
 */
async function sendUnbounded(url: string, init: RequestInit, timeoutMs: number): Promise<ProviderAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProviderUnavailable('timeout')), Math.max(1, timeoutMs));
  });
  const answer = (async () => {
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch {
      throw new ProviderUnavailable('unreachable');
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return {status: response.status, body};
  })();
  // When the deadline wins, the request's own failure later has no one waiting for it.
  answer.catch(() => undefined);
  try {
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The provider's API-key check (CONTRACT: `GET /api/key-check`, `Authorization: Bearer <key>` → 200 `{accepted: true}`
 * or 401 `{accepted: false}`): the call a developer replaces with their own API's cheapest authenticated request.
 * Anything but 200 or 401 is the provider failing, not a verdict on the key.
 */
export async function checkKey(provider: ProviderEndpoints, key: string): Promise<boolean> {
  const {status} = await sendUnbounded(
    provider.keyCheckUrl,
    {headers: {Authorization: `Bearer ${key}`, Accept: 'application/json'}},
    provider.timeoutMs,
  );
  if (status === 200) return true;
  if (status === 401 || status === 403) return false;
  throw new ProviderUnavailable('unreachable');
}
