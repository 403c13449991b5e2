import type {VerifierStore} from './host';

/**
 * PKCE verifiers kept in Web Storage. The browser host keeps them in localStorage, per Dashboard user and mode, so any
 * tab of that user finds the one its Connect made: the provider may send the person back to another tab (a Ctrl+click
 * on Connect opens one, with an empty sessionStorage), and every page the person views meanwhile makes a verifier of
 * its own (the view asks for a state as it renders). A Connect that is never finished leaves its verifier behind, so
 * each entry records when it was made, and entries older than VERIFIER_TTL_MS (and unreadable ones) are cleared when a
 * store opens and before each new one. Age alone decides: a count limit dropped the verifier of a Connect still in
 * progress once the person had viewed ten other pages. A verifier past its time is not handed out either.
 */
export const VERIFIER_TTL_MS = 30 * 60 * 1000;

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
    return typeof value.verifier === 'string' && typeof value.at === 'number'
      ? {verifier: value.verifier, at: value.at}
      : undefined;
  } catch {
    return undefined;
  }
}

export function storageVerifiers(
  storage: KeyValueStorage,
  prefix: string,
  now: () => number = Date.now,
): VerifierStore {
  const fresh = (entry: Entry | undefined): entry is Entry =>
    entry !== undefined && now() - entry.at < VERIFIER_TTL_MS && entry.at <= now();

  /** Drops stale and unreadable entries. */
  function sweep(): void {
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i += 1) {
      const key = storage.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
    for (const key of keys) if (!fresh(parse(storage.getItem(key)))) storage.removeItem(key);
  }

  sweep();
  return {
    get(state) {
      const entry = parse(storage.getItem(prefix + state));
      return fresh(entry) ? entry.verifier : undefined;
    },
    set(state, verifier) {
      sweep();
      storage.setItem(prefix + state, JSON.stringify({verifier, at: now()}));
    },
    delete(state) {
      storage.removeItem(prefix + state);
    },
  };
}
