import type {VerifierStore} from './host';

/**
 * PKCE verifiers kept in Web Storage (the browser host uses sessionStorage: the page reloads when the provider sends
 * the person back). A Connect that is never finished leaves its verifier behind, so each entry records when it was
 * made, and every new one first clears entries older than VERIFIER_TTL_MS, unreadable ones, and all but the newest
 * MAX_VERIFIERS. A verifier past its time is not handed out either.
 */
export const VERIFIER_TTL_MS = 30 * 60 * 1000;
export const MAX_VERIFIERS = 10;

/** The part of the Web Storage API used here. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

interface Entry {
  verifier: string;
  at: number;
}

function parse(text: string | null): Entry | undefined {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Entry>;
    return typeof value.verifier === 'string' && typeof value.at === 'number' ? {verifier: value.verifier, at: value.at} : undefined;
  } catch {
    return undefined;
  }
}

export function storageVerifiers(storage: KeyValueStorage, prefix: string, now: () => number = Date.now): VerifierStore {
  const fresh = (entry: Entry | undefined): entry is Entry => entry !== undefined && now() - entry.at < VERIFIER_TTL_MS && entry.at <= now();

  /** Drops stale and unreadable entries, and the oldest beyond `keep`. */
  function sweep(keep: number): void {
    const live: {key: string; at: number}[] = [];
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i += 1) {
      const key = storage.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
    for (const key of keys) {
      const entry = parse(storage.getItem(key));
      if (fresh(entry)) live.push({key, at: entry.at});
      else storage.removeItem(key);
    }
    live.sort((a, b) => b.at - a.at);
    for (const {key} of live.slice(keep)) storage.removeItem(key);
  }

  sweep(MAX_VERIFIERS);
  return {
    get(state) {
      const entry = parse(storage.getItem(prefix + state));
      return fresh(entry) ? entry.verifier : undefined;
    },
    set(state, verifier) {
      sweep(MAX_VERIFIERS - 1);
      storage.setItem(prefix + state, JSON.stringify({verifier, at: now()}));
    },
    delete(state) {
      storage.removeItem(prefix + state);
    },
  };
}
