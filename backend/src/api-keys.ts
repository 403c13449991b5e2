import {SECRET_NAMES, type Mode} from './app-seam';
import type {ProviderEndpoints} from './config';
import {checkKey} from './provider';
import type {SecretStore} from './secret-store';

/**
 * The account's API key, as the backend uses it: read from `keyring.api_key` in the account scope of the signed (or
 * the event's) account and mode, kept for a short while in this process's memory only (never in Redis, never logged),
 * so a burst of events for one account reads it once rather than once per event — the Secret Store is rate limited
 * like any API. Concurrent readers share one read. When the third party refuses the key, the cached copy is dropped
 * and the secret read again once: an administrator may just have saved a new key.
 */

export const KEY_CACHE_SECONDS = 60;

/**
 * A key the third party refused is re-read no more often than this, so a burst with a bad key stays a handful of reads.
 */
export const REFUSED_KEY_SECONDS = 5;

interface Entry {
  key: string | undefined;
  until: number;
  /** The third party refused this key and a fresh read gave the same one. */
  refused?: boolean;
}

export class ApiKeys {
  private readonly cache = new Map<string, Entry>();
  private readonly reading = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly store: SecretStore,
    private readonly provider: ProviderEndpoints,
    private readonly nowMs: () => number = Date.now,
    private readonly ttlSeconds = KEY_CACHE_SECONDS,
  ) {}

  private read(mode: Mode, account: string, fresh: boolean): Promise<string | undefined> {
    const id = `${mode}:${account}`;
    const cached = this.cache.get(id);
    if (!fresh && cached && cached.until > this.nowMs()) return Promise.resolve(cached.key);
    return this.load(id, mode, account);
  }

  private load(id: string, mode: Mode, account: string): Promise<string | undefined> {
    const running = this.reading.get(id);
    if (running) return running;
    const reading = this.store
      .find(mode, account, {type: 'account'}, SECRET_NAMES.apiKey)
      .then((key) => {
        this.cache.set(id, {key, until: this.nowMs() + this.ttlSeconds * 1000});
        return key;
      })
      .finally(() => this.reading.delete(id));
    this.reading.set(id, reading);
    // Bounded: one entry per account and mode that sent traffic within the TTL.
    if (this.cache.size > 10_000) for (const [k, e] of this.cache) if (e.until <= this.nowMs()) this.cache.delete(k);
    return reading;
  }

  /** Forget the account's key (an uninstall, a reinstall, a refusal). */
  drop(mode: Mode, account: string): void {
    this.cache.delete(`${mode}:${account}`);
  }

  /**
   * Checks the account's key with the third party: `undefined` when no key is saved, else whether it was accepted.
   * The pattern for any call made with the key: use it; on refusal, drop it, read again, and retry only with a
   * different key.
   */
  async check(mode: Mode, account: string): Promise<boolean | undefined> {
    const id = `${mode}:${account}`;
    const key = await this.read(mode, account, false);
    if (key === undefined) return undefined;
    if (this.cache.get(id)?.refused && this.cache.get(id)?.key === key) return false;
    if (await checkKey(this.provider, key)) return true;
    this.drop(mode, account);
    const again = await this.read(mode, account, true);
    if (again === undefined) return undefined;
    const accepted = again !== key && (await checkKey(this.provider, again));
    if (!accepted) this.markRefused(id, again);
    return accepted;
  }

  private markRefused(id: string, key: string): void {
    const entry = this.cache.get(id);
    if (entry?.key === key)
      this.cache.set(id, {key, refused: true, until: Math.min(entry.until, this.nowMs() + REFUSED_KEY_SECONDS * 1000)});
  }
}
