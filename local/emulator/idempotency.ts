import {Errors} from './errors';

/**
 * Stripe's idempotency, as far as a local emulator needs it: stripe-node sends an `Idempotency-Key` with every POST,
 * and a second request with the same key (same credentials and account) gets the first response back, with
 * `Idempotent-Replayed: true`. Only requests that reached the operation are saved — a request refused by validation is
 * not, as at Stripe. The same key with other parameters is a 400 idempotency_error; while the first is still running, a
 * 409. Memory only, the most recent 10,000 keys, no 24-hour expiry.
 * @see https://docs.stripe.com/api/idempotent_requests
 */

export interface SavedReply {
  status: number;
  body: unknown;
  /** The request that produced it; sent back as `Original-Request` on a replay. */
  requestId: string;
}

type Entry = {state: 'running'; fingerprint: string} | {state: 'done'; fingerprint: string; reply: SavedReply};

const MAX_ENTRIES = 10_000;

export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();

  /**
   * The saved reply for this key, or undefined after claiming the key for a new request.
   * Throws when the key was used with other parameters, or is in use right now.
   */
  begin(scopeKey: string, idempotencyKey: string, fingerprint: string): SavedReply | undefined {
    const existing = this.entries.get(scopeKey);
    if (existing) {
      if (existing.fingerprint !== fingerprint) throw Errors.idempotencyMismatch(idempotencyKey);
      if (existing.state === 'running') throw Errors.idempotencyInFlight(idempotencyKey);
      return existing.reply;
    }
    this.entries.set(scopeKey, {state: 'running', fingerprint});
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return undefined;
  }

  /** The request reached its operation: keep its reply. */
  finish(scopeKey: string, fingerprint: string, reply: SavedReply): void {
    if (this.entries.has(scopeKey)) this.entries.set(scopeKey, {state: 'done', fingerprint, reply});
  }

  /** The request stopped before its operation (validation, a fault): forget the key. */
  abandon(scopeKey: string): void {
    if (this.entries.get(scopeKey)?.state === 'running') this.entries.delete(scopeKey);
  }
}
