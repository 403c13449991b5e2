import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import {performance} from 'node:perf_hooks';
import {createBackend} from '../src/app';
import {loadConfig} from '../src/config';
import {hasRedisServer, startRedisServer} from '../src/redis-server';
import {spawnBackend, type SpawnedBackend} from '../src/spawn';
import {ACCOUNT, backendEnv, signEvent, signRequest, WEBHOOK_SECRET_TEST} from '../test/helpers';
import {
  emulator,
  finds,
  keyCheck,
  provider,
  refreshWorks,
  signIn,
  storeConnection,
  storedConnection,
  type Provider,
} from '../test/parties';

/**
 * `npm run bench -w backend` (the root's `npm run bench` runs it as its backend part): what the backend's safety costs
 * and what it prevents, against the real emulator and provider.
 *   1. A signed `api_key.check` with a cached key vs. the same framework's bare route making the same provider call,
 *      in the same run: throughput and p50/p99, and the ratio (goal ≥ 0.7×). A trivial bare route is shown for scale.
 *   2. Secret Store reads for a burst of 1,000 `customer.created` events for one account (goal ≤ 5).
 *   3. The backend process's memory (RSS) after serving 2,000 signed checks.
 *   4. Two backend processes, a strict provider, 50 concurrent checks of one expired connection: without Redis (the
 *      failure the lock prevents: several refreshes, the grant ended) and with it (one refresh).
 */

const print = (line: string) => console.log(line);
const GOOD_KEY = 'ec_test_abcdefghijklmnopqrstuvwxyz012345';

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

/** Sends `requests` with `concurrency` in flight; each must answer 200. Latencies in ms. */
async function load(requests: (() => Promise<Response>)[], concurrency: number): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({length: concurrency}, async () => {
      while (next < requests.length) {
        const send = requests[next++];
        const t = performance.now();
        const res = await send();
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`unexpected ${res.status}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return {perSecond: requests.length / seconds, p50: at(0.5), p99: at(0.99)};
}

const show = (label: string, f: Figures) =>
  print(
    `  ${label.padEnd(44)} ${f.perSecond.toFixed(0).padStart(6)} req/s   p50 ${f.p50.toFixed(2)} ms   p99 ${f.p99.toFixed(2)} ms`,
  );

function signedCalls(
  url: string,
  action: string,
  count: number,
  fields: Partial<Parameters<typeof signRequest>[0]> = {},
): (() => Promise<Response>)[] {
  // Signed before timing starts (the views sign in Stripe, not in the backend); each has its own nonce.
  return Array.from({length: count}, () => {
    const {body, header} = signRequest({action, ...fields});
    const text = JSON.stringify(body);
    return () =>
      fetch(`${url}/actions/${action}`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'Stripe-Signature': header},
        body: text,
      });
  });
}

/** The bare server in its own process (bench/bare-server.ts), as the backend runs in its own. */
async function spawnBare(keyCheckUrl: string): Promise<{url: string; pid: number; close(): void}> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'bare-server.ts'), keyCheckUrl], {
    cwd: join(__dirname, '../..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({input: child.stdout}).on('line', (line) => {
      if (line.startsWith('bare listening on ')) resolve(line.slice('bare listening on '.length));
    });
    child.once('exit', () => reject(new Error('the bare server exited')));
  });
  return {url, pid: child.pid as number, close: () => child.stdin.end()};
}

/** A process's CPU time so far, in seconds (user + system, from /proc; 10 ms resolution). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Measured extends Figures {
  /** Requests per second of the server's own CPU time: what it could serve on a core of its own. */
  perCpuSecond: number;
}

async function measured(pid: number, requests: (() => Promise<Response>)[], concurrency: number): Promise<Measured> {
  const before = cpuSeconds(pid);
  const figures = await load(requests, concurrency);
  return {...figures, perCpuSecond: requests.length / Math.max(0.01, cpuSeconds(pid) - before)};
}

async function throughput(p: Provider, keyCheckUrl: string): Promise<boolean> {
  const store = await emulator();
  // Quiet, as the bare server is: a request log line is the deployment's choice, not the signature's cost.
  const backend = await spawnBackend(backendEnv({emulatorUrl: store.at.url, providerUrl: p.url, keyCheckUrl}), {
    quiet: true,
  });
  const bare = await spawnBare(keyCheckUrl);
  try {
    await store.stripe.apps.secrets.create(
      {scope: {type: 'account'}, name: 'keyring.api_key', payload: GOOD_KEY},
      {stripeAccount: ACCOUNT},
    );
    const rounds = 5;
    const perRound = 600;
    const concurrency = 16;
    const admin = {stripe_roles: ['admin']};
    const bareCalls = (path: string, count: number) =>
      Array.from(
        {length: count},
        () => () =>
          fetch(`${bare.url}${path}`, {
            method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: '{"data":{}}',
          }),
      );
    // Warm-up: JIT, connection pools, the key cached.
    await load(signedCalls(backend.url, 'api_key.check', 300, admin), concurrency);
    await load(bareCalls('/bare-key-check', 300), concurrency);
    await load(bareCalls('/bare', 300), concurrency);
    // Rounds interleaved, so a machine whose load changes during the run (shared cores) weighs on each kind alike.
    const runs: Record<'signed' | 'plain' | 'trivial', Measured[]> = {signed: [], plain: [], trivial: []};
    for (let round = 0; round < rounds; round += 1) {
      runs.signed.push(
        await measured(backend.pid, signedCalls(backend.url, 'api_key.check', perRound, admin), concurrency),
      );
      runs.plain.push(await measured(bare.pid, bareCalls('/bare-key-check', perRound), concurrency));
      runs.trivial.push(await measured(bare.pid, bareCalls('/bare', perRound), concurrency));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const summary = (list: Measured[]): Measured => ({
      perSecond: median(list.map((f) => f.perSecond)),
      p50: median(list.map((f) => f.p50)),
      p99: median(list.map((f) => f.p99)),
      perCpuSecond: median(list.map((f) => f.perCpuSecond)),
    });
    const signed = summary(runs.signed);
    const plain = summary(runs.plain);
    const trivial = summary(runs.trivial);
    const row = (label: string, f: Measured) => {
      show(label, f);
      print(`  ${''.padEnd(44)} ${f.perCpuSecond.toFixed(0).padStart(6)} req per server CPU-second`);
    };
    row('signed api_key.check (cached key)', signed);
    row('bare route, same provider call', plain);
    row('bare route, nothing (for scale)', trivial);
    const wall = median(runs.signed.map((f, i) => f.perSecond / runs.plain[i].perSecond));
    const cpu = median(runs.signed.map((f, i) => f.perCpuSecond / runs.plain[i].perCpuSecond));
    print(
      `  ratio signed / bare (median of ${rounds} interleaved rounds of ${perRound}): ${cpu.toFixed(2)}× per server CPU-second (goal ≥ 0.70×), ${wall.toFixed(2)}× wall-clock throughput`,
    );
    print(
      `  latency added: p50 +${(signed.p50 - plain.p50).toFixed(2)} ms, p99 +${(signed.p99 - plain.p99).toFixed(2)} ms`,
    );
    print('  (the wall-clock figures move with the other work on the machine; the CPU-second ones much less)');
    return cpu >= 0.7;
  } finally {
    bare.close();
    await backend.close();
    await store.at.close();
  }
}

async function burst(keyCheckUrl: string, providerUrl: string): Promise<boolean> {
  const store = await emulator();
  try {
    await store.stripe.apps.secrets.create(
      {scope: {type: 'account'}, name: 'keyring.api_key', payload: GOOD_KEY},
      {stripeAccount: ACCOUNT},
    );
    const app = createBackend(loadConfig(backendEnv({emulatorUrl: store.at.url, providerUrl, keyCheckUrl})));
    const events = Array.from({length: 1_000}, () =>
      signEvent(
        {type: 'customer.created', account: ACCOUNT, object: {id: 'cus_bench', object: 'customer'}},
        WEBHOOK_SECRET_TEST,
      ),
    );
    const started = performance.now();
    for (let i = 0; i < events.length; i += 50) {
      await Promise.all(
        events
          .slice(i, i + 50)
          .map((e) =>
            app.request('/webhooks/stripe', {method: 'POST', headers: {'Stripe-Signature': e.header}, body: e.raw}),
          ),
      );
    }
    const reads = finds(store.requests);
    print(
      `  1,000 customer.created events for one account: ${reads} Secret Store read(s) (goal ≤ 5), ${(performance.now() - started).toFixed(0)} ms`,
    );
    return reads <= 5;
  } finally {
    await store.at.close();
  }
}

const rssOf = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : NaN;
};

async function memory(p: Provider, keyCheckUrl: string): Promise<void> {
  const store = await emulator();
  const backend = await spawnBackend(backendEnv({emulatorUrl: store.at.url, providerUrl: p.url, keyCheckUrl}));
  try {
    await store.stripe.apps.secrets.create(
      {scope: {type: 'account'}, name: 'keyring.api_key', payload: GOOD_KEY},
      {stripeAccount: ACCOUNT},
    );
    const idle = rssOf(backend.pid);
    await load(signedCalls(backend.url, 'api_key.check', 2_000, {stripe_roles: ['admin']}), 16);
    print(
      `  backend process RSS: ${idle.toFixed(1)} MiB idle, ${rssOf(backend.pid).toFixed(1)} MiB after 2,000 signed checks (tsx-compiled, no Redis)`,
    );
  } finally {
    await backend.close();
    await store.at.close();
  }
}

async function twoProcesses(
  redisUrl: string | undefined,
): Promise<{refreshes: number; ok: number; grantAlive: boolean}> {
  const p = await provider({refreshReuseGrace: 0, refreshReuse: 'revoke', tokenDelay: 200});
  const store = await emulator();
  const backends: SpawnedBackend[] = [];
  try {
    const env = backendEnv({emulatorUrl: store.at.url, providerUrl: p.url, ...(redisUrl ? {REDIS_URL: redisUrl} : {})});
    backends.push(...(await Promise.all([spawnBackend(env), spawnBackend(env)])));
    await storeConnection(store.stripe, await signIn(p), {expired: true});
    const before = await p.tokenRequests();
    const answers = await Promise.all(
      Array.from({length: 50}, async (_, i) => {
        const {body, header} = signRequest({action: 'connection.check'});
        const res = await fetch(`${backends[i % 2].url}/actions/connection.check`, {
          method: 'POST',
          headers: {'Content-Type': 'application/json', 'Stripe-Signature': header},
          body: JSON.stringify(body),
        });
        return (await res.json()) as {ok: boolean};
      }),
    );
    // Let the provider's log catch up with its answers.
    const refreshes = (await p.tokenRequests()) - before;
    const stored = await storedConnection(store.stripe);
    const grantAlive = stored?.refresh_token ? await refreshWorks(p, stored.refresh_token) : false;
    return {refreshes, ok: answers.filter((a) => a.ok).length, grantAlive};
  } finally {
    await Promise.all(backends.map((b) => b.close()));
    await store.at.close();
    await p.at.close();
  }
}

/** `only` runs one part: signed, burst, memory or processes. */
export async function benchBackend(only?: string): Promise<boolean> {
  let met = true;
  const p = await provider();
  const keys = await keyCheck(p);
  try {
    if (!only || only === 'signed') {
      print('signed requests (key check: the local provider)');
      met = (await throughput(p, keys.url)) && met;
    }
    if (!only || only === 'burst') {
      print('webhook burst');
      met = (await burst(keys.url, p.url)) && met;
    }
    if (!only || only === 'memory') {
      print('memory');
      await memory(p, keys.url);
    }
  } finally {
    await keys.close();
    await p.at.close();
  }
  if (only && only !== 'processes') return met;
  print('two backend processes, a strict provider, 50 concurrent checks of one expired connection');
  const alone = await twoProcesses(undefined);
  print(
    `  without Redis: ${alone.refreshes} refreshes at the provider, ${alone.ok}/50 answers ok, grant ${alone.grantAlive ? 'alive' : 'ENDED'} — the failure the lock prevents`,
  );
  if (hasRedisServer()) {
    const redis = await startRedisServer();
    try {
      const shared = await twoProcesses(redis.url);
      print(
        `  with Redis:    ${shared.refreshes} refresh at the provider, ${shared.ok}/50 answers ok, grant ${shared.grantAlive ? 'alive' : 'ENDED'}`,
      );
      met = shared.refreshes === 1 && shared.ok === 50 && shared.grantAlive && met;
    } finally {
      await redis.close();
    }
  } else {
    print('  with Redis: skipped, /usr/bin/redis-server is missing');
  }
  return met;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  benchBackend(args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined).then(
    (met) => {
      if (!met) print('\nbackend bench: a goal was missed (see above)');
      process.exit(met ? 0 : 1);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
