import type {Redis} from 'ioredis';
import {Mutex} from 'redis-semaphore';

/**
 * The lock around one connection's refresh. A rotating provider takes a refresh token presented twice as a replay and
 * may end the whole grant, so only one instance may refresh a connection at a time. In one process the in-memory lock
 * serialises callers per key; with Redis (redis-semaphore's Mutex: SET NX PX with a random owner, released only by its
 * owner) every instance shares it. The lease is fixed (never extended): a holder that dies frees the connection after
 * at most one lease, and the holder itself stops its provider call before the lease runs out (`deadline`).
 */
export interface RefreshLock {
  /** Runs `fn` holding the lock for `key`; `deadline` (ms since the epoch) is when the lease ends. */
  run<T>(key: string, leaseMs: number, fn: (deadline: number) => Promise<T>): Promise<T>;
}

export function memoryLock(): RefreshLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    async run(key, leaseMs, fn) {
      const before = tails.get(key) ?? Promise.resolve();
      let done!: () => void;
      const mine = new Promise<void>((resolve) => (done = resolve));
      const tail = before.then(() => mine);
      tails.set(key, tail);
      await before;
      try {
        return await fn(Date.now() + leaseMs);
      } finally {
        done();
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
  };
}

export function redisLock(redis: Redis): RefreshLock {
  return {
    async run(key, leaseMs, fn) {
      const mutex = new Mutex(redis, `keyring:lock:${key}`, {
        lockTimeout: leaseMs,
        // A waiter waits out at most one full lease of the holder before giving up.
        acquireTimeout: leaseMs + 5_000,
        retryInterval: 20,
        refreshInterval: 0,
      });
      await mutex.acquire();
      const deadline = Date.now() + leaseMs;
      try {
        return await fn(deadline);
      } finally {
        await mutex.release().catch(() => undefined);
      }
    },
  };
}
