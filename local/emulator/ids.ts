import {randomBytes} from 'node:crypto';

/**
 * Random identifiers in Stripe's style: a type prefix and base62 characters.
 * @see https://docs.stripe.com/api/request_ids (request ids look like `req_…`)
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Unbiased base62: bytes of 248 or more (62 × 4) are discarded rather than folded. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export const newSecretId = (): string => `appsecret_${randomBase62(24)}`;
export const newRequestId = (): string => `req_${randomBase62(14)}`;
export const newSessionToken = (livemode: boolean): string => `dsess_${livemode ? 'live' : 'test'}_${randomBase62(24)}`;
