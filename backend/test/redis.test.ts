import {Redis} from 'ioredis';
import {Mutex} from 'redis-semaphore';
import {createBackend} from '../src/app';
import {loadConfig} from '../src/config';
import {redisLock} from '../src/locks';
import {hasRedisServer, REDIS_SERVER, startRedisServer} from '../src/redis-server';
import {spawnBackend, type SpawnedBackend} from '../src/spawn';
import {redisState} from '../src/state';
import {backendEnv, signEvent, signRequest, WEBHOOK_SECRET_TEST} from './helpers';
import {emulator, provider, refreshWorks, signIn, storeConnection, storedConnection, userinfoStatus} from './parties';

/**
 * Everything the backend shares across instances, against a real redis-server started here: nonces and event ids
 * claimed once across instances, the refresh lock, and the whole point — two backend processes, a strict provider,
 * 50 concurrent checks of one expired connection, one refresh.
 */

if (!hasRedisServer()) {
  process.stderr.write(
    `backend/test/redis.test.ts: skipped, ${REDIS_SERVER} is missing (apt-get install redis-server)\n`,
  );
}
const withRedis = hasRedisServer() ? describe : describe.skip;

withRedis('with Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  const clients: Redis[] = [];
  const client = () => {
    const c = new Redis(redis.url, {maxRetriesPerRequest: 2});
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
    await redis.close();
  });

  describe('shared nonces and event ids', () => {
    let store: Awaited<ReturnType<typeof emulator>>;
    beforeEach(async () => {
      store = await emulator();
    });
    afterEach(() => store.at.close());

    const instance = () =>
      createBackend(loadConfig(backendEnv({emulatorUrl: store.at.url})), {state: redisState(client())});

    it('a nonce used on one instance is refused on another', async () => {
      const [a, b] = [instance(), instance()];
      const signed = signRequest({action: 'connection.check'});
      const send = (app: ReturnType<typeof instance>) =>
        app.request('/actions/connection.check', {
          method: 'POST',
          headers: {'Content-Type': 'application/json', 'Stripe-Signature': signed.header},
          body: JSON.stringify(signed.body),
        });
      expect((await send(a)).status).toBe(200);
      const replay = await send(b);
      expect(replay.status).toBe(409);
      expect(await replay.json()).toMatchObject({error: {reason: 'replayed'}});
    });

    it('an event delivered to two instances is handled once', async () => {
      const [a, b] = [instance(), instance()];
      const event = signEvent({type: 'customer.created', account: 'acct_1Twice'}, WEBHOOK_SECRET_TEST);
      const deliver = async (app: ReturnType<typeof instance>) => {
        const res = await app.request('/webhooks/stripe', {
          method: 'POST',
          headers: {'Stripe-Signature': event.header},
          body: event.raw,
        });
        return (await res.json()) as {duplicate?: boolean};
      };
      const answers = await Promise.all([deliver(a), deliver(b)]);
      expect(answers.filter((x) => x.duplicate)).toHaveLength(1);
    });
  });

  describe('the refresh lock', () => {
    it('two instances never hold one connection’s lock at once; other connections are not held up', async () => {
      const [a, b] = [redisLock(client()), redisLock(client())];
      const held: string[] = [];
      let inside = 0;
      let overlapped = false;
      const work = (lock: typeof a, name: string, key: string) =>
        lock.run(key, 5_000, async () => {
          inside += key === 'k1' ? 1 : 0;
          if (inside > 1) overlapped = true;
          held.push(name);
          await new Promise((done) => setTimeout(done, 30));
          inside -= key === 'k1' ? 1 : 0;
        });
      await Promise.all([
        work(a, 'a1', 'k1'),
        work(b, 'b1', 'k1'),
        work(a, 'a2', 'k1'),
        work(b, 'b2', 'k1'),
        work(b, 'other', 'k2'),
      ]);
      expect(overlapped).toBe(false);
      expect(held.sort()).toEqual(['a1', 'a2', 'b1', 'b2', 'other']);
    });

    it('a holder that dies frees the connection after its lease, not later', async () => {
      const crashed = new Mutex(client(), 'keyring:lock:dead', {lockTimeout: 600, refreshInterval: 0});
      await crashed.acquire(); // never released, as by a process that died holding it
      const started = Date.now();
      await redisLock(client()).run('dead', 600, async () => undefined);
      expect(Date.now() - started).toBeLessThan(600 + 1_000);
    });
  });

  describe('two backend processes sharing Redis', () => {
    it('a strict provider, 50 concurrent checks of one expired connection over both: one refresh, the grant alive, 50 ok', async () => {
      // A strict provider: no reuse grace, and a reused refresh token ends the grant. Its token endpoint takes 200 ms,
      // so refreshes from both processes would be at the provider together if nothing kept them apart.
      const p = await provider({refreshReuseGrace: 0, refreshReuse: 'revoke', tokenDelay: 200});
      const store = await emulator();
      const backends: SpawnedBackend[] = [];
      try {
        const env = backendEnv({emulatorUrl: store.at.url, providerUrl: p.url, REDIS_URL: redis.url});
        backends.push(...(await Promise.all([spawnBackend(env), spawnBackend(env)])));
        const first = await signIn(p);
        await storeConnection(store.stripe, first, {expired: true});
        const before = await p.tokenRequests();

        const answers = await Promise.all(
          Array.from({length: 50}, async (_, i) => {
            const {body, header} = signRequest({action: 'connection.check'});
            const res = await fetch(`${backends[i % 2].url}/actions/connection.check`, {
              method: 'POST',
              headers: {'Content-Type': 'application/json', 'Stripe-Signature': header},
              body: JSON.stringify(body),
            });
            return (await res.json()) as {ok: boolean; who?: {email?: string}};
          }),
        );
        expect(answers.filter((a) => a.ok && a.who?.email === 'ada@example.com')).toHaveLength(50);
        expect(await p.tokenRequests()).toBe(before + 1);
        const stored = await storedConnection(store.stripe);
        expect(stored?.refresh_token).not.toBe(first.refresh_token);
        // No grant ended: the stored access token works, and so does the stored refresh token.
        expect(await userinfoStatus(p, stored?.access_token as string)).toBe(200);
        expect(await refreshWorks(p, stored?.refresh_token as string)).toBe(true);
      } finally {
        await Promise.all(backends.map((b) => b.close()));
        await store.at.close();
        await p.at.close();
      }
    });
  });
});
