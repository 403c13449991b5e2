import type {Redis} from 'ioredis';

/**
 * Small shared facts the backend keeps: nonces and event ids seen (each claimed once), which users an account's
 * requests named (so a reinstall can clean their scopes and an event can use their connections), which of those
 * connections an event already used (so Stripe's retry does not use them again), and uninstall records. In one
 * process this is memory with expiry; with REDIS_URL it is Redis, so every instance refuses a nonce or an event another
 * instance already took.
 * Nothing secret is ever stored here: no payload, no key, no token.
 */
export interface StateStore {
  /** True the first time `key` is claimed within `ttlSeconds`; false while an earlier claim holds. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Gives a claim back (an event whose handling failed must be handled again when Stripe retries it). */
  release(key: string): Promise<void>;
  put(key: string, value: string, ttlSeconds?: number): Promise<void>;
  get(key: string): Promise<string | undefined>;
  addMember(key: string, member: string): Promise<void>;
  members(key: string): Promise<string[]>;
}

const PREFIX = 'keyring:';

export function redisState(redis: Redis): StateStore {
  return {
    // SET NX EX: one atomic step, so two instances racing on one nonce cannot both win.
    claim: async (key, ttl) => (await redis.set(PREFIX + key, '1', 'EX', ttl, 'NX')) === 'OK',
    release: async (key) => {
      await redis.del(PREFIX + key);
    },
    put: async (key, value, ttl) => {
      if (ttl === undefined) await redis.set(PREFIX + key, value);
      else await redis.set(PREFIX + key, value, 'EX', ttl);
    },
    get: async (key) => (await redis.get(PREFIX + key)) ?? undefined,
    addMember: async (key, member) => {
      await redis.sadd(PREFIX + key, member);
    },
    members: (key) => redis.smembers(PREFIX + key),
  };
}

/**
 * The embedded store for one instance. Expired entries are swept at most once a minute, so memory stays bounded by
 * traffic within the window.
 */
export function memoryState(now: () => number = Date.now): StateStore {
  const values = new Map<string, {value: string; until: number}>();
  const sets = new Map<string, Set<string>>();
  let nextSweep = 0;
  const live = (key: string) => {
    const entry = values.get(key);
    if (entry && entry.until <= now()) {
      values.delete(key);
      return undefined;
    }
    return entry;
  };
  const sweep = () => {
    const t = now();
    if (t < nextSweep) return;
    nextSweep = t + 60_000;
    for (const [key, entry] of values) if (entry.until <= t) values.delete(key);
  };
  return {
    claim: async (key, ttl) => {
      sweep();
      if (live(key)) return false;
      values.set(key, {value: '1', until: now() + ttl * 1000});
      return true;
    },
    release: async (key) => {
      values.delete(key);
    },
    put: async (key, value, ttl) => {
      values.set(key, {value, until: ttl === undefined ? Infinity : now() + ttl * 1000});
    },
    get: async (key) => live(key)?.value,
    addMember: async (key, member) => {
      const set = sets.get(key) ?? new Set<string>();
      sets.set(key, set);
      set.add(member);
    },
    members: async (key) => [...(sets.get(key) ?? [])],
  };
}
