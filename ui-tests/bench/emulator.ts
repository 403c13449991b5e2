import {spawn, type ChildProcess} from 'node:child_process';
import {Agent} from 'node:http';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {performance} from 'node:perf_hooks';
import Stripe from 'stripe';

/**
 * The Secret Store emulator under load, as a separate process (its memory is its own), driven by stripe-node over
 * loopback with keep-alive connections: create, find and list throughput with p50/p99 latency, then 100,000 stored
 * secrets (10,000 users × 10) for memory and restart time. Durable storage, as `npm start` uses it.
 */

const CLI = resolve(__dirname, '../../local/emulator/cli.ts');

interface Running {
  child: ChildProcess;
  url: string;
  port: number;
  /** Milliseconds from spawn to the listening line. */
  startMs: number;
}

function startEmulatorProcess(dataDir: string): Promise<Running> {
  const started = performance.now();
  // Standard input stays open while the bench runs: a bench that dies (Ctrl-C, a closed pipe) takes the emulator along.
  const child = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', CLI, '--port', '0', '--data', dataDir, '--quiet', '--exit-with-stdin'],
    {stdio: ['pipe', 'pipe', 'pipe']},
  );
  return new Promise((done, fail) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      if (match) done({child, url: match[1], port: Number(match[2]), startMs: performance.now() - started});
    });
    child.on('exit', (code) => fail(new Error(`emulator exited (${String(code)}) before listening: ${err.trim()}`)));
  });
}

function stop(running: Running): Promise<void> {
  return new Promise((done) => {
    running.child.once('exit', () => done());
    running.child.kill('SIGTERM');
  });
}

/** Resident memory of a process, in MiB (Linux). */
async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kib / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Figures {
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** Runs `count` operations with `concurrency` in flight; latency per operation in ms. */
async function load(count: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<Figures> {
  const latencies: number[] = new Array(count);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({length: concurrency}, async () => {
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        await op(i);
        latencies[i] = performance.now() - t;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {count, perSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99)};
}

function client(port: number, agent: Agent): Stripe {
  return new Stripe('sk_test_keyringbench', {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    maxNetworkRetries: 0,
    httpAgent: agent,
  });
}

const userId = (i: number) => `usr_bench${String(i).padStart(6, '0')}`;
const scopeOf = (i: number) => ({type: 'user' as const, user: userId(Math.floor(i / 10))});
const nameOf = (i: number) => `bench.secret.${i % 10}`;

function verdict(ok: boolean): string {
  return ok ? 'meets target' : 'MISSES TARGET';
}

export async function benchEmulator(print: (line: string) => void, options: {users?: number} = {}): Promise<boolean> {
  const users = options.users ?? 10_000;
  const total = users * 10;
  const concurrency = 16;
  const dir = await mkdtemp(join(tmpdir(), 'keyring-bench-'));
  const agent = new Agent({keepAlive: true, maxSockets: concurrency});
  let allMet = true;
  let running = await startEmulatorProcess(dir);
  try {
    const stripe = client(running.port, agent);
    print(
      `Secret Store emulator (separate process, durable data, stripe-node over loopback, ${concurrency} requests in flight)`,
    );

    // 1. Throughput and latency on a store of 2,000 secrets.
    const small = 2_000;
    const create = await load(small, concurrency, (i) =>
      stripe.apps.secrets.create({name: nameOf(i), payload: `p${i}`, scope: scopeOf(i)}),
    );
    const find = await load(20_000, concurrency, (i) =>
      stripe.apps.secrets.find({name: nameOf(i % small), scope: scopeOf(i % small)}),
    );
    const list = await load(5_000, concurrency, (i) =>
      stripe.apps.secrets.list({scope: scopeOf(i % small), limit: 10}),
    );
    const row = (label: string, f: Figures) =>
      `  ${label.padEnd(7)} ${String(f.count).padStart(6)} requests  ${f.perSecond.toFixed(0).padStart(6)}/s  p50 ${f.p50.toFixed(2)} ms  p99 ${f.p99.toFixed(2)} ms`;
    print(row('create', create));
    print(row('find', find));
    print(row('list', list));
    const findOk = find.perSecond >= 2000 && find.p99 < 10;
    allMet &&= findOk;
    print(`  target: find ≥ 2,000/s with p99 < 10 ms — ${verdict(findOk)}`);

    // 2. 100,000 secrets: memory, then restart time.
    const seeded = await load(total - small, 32, (k) => {
      const i = k + small;
      return stripe.apps.secrets.create({
        name: nameOf(i),
        payload: `payload-${i}-${'x'.repeat(40)}`,
        scope: scopeOf(i),
      });
    });
    print(
      `  seeded ${total.toLocaleString('en-US')} secrets (${users.toLocaleString('en-US')} users × 10) at ${seeded.perSecond.toFixed(0)}/s`,
    );
    const busy = await rssMiB(running.child.pid!);
    print(
      `  memory right after those writes: ${busy.toFixed(0)} MiB resident (includes request garbage V8 has not collected yet)`,
    );

    await stop(running);
    agent.destroy();
    running = await startEmulatorProcess(dir);
    const restartOk = running.startMs < 2000;
    allMet &&= restartOk;
    print(
      `  restart with ${total.toLocaleString('en-US')} secrets: ${running.startMs.toFixed(0)} ms to listening (process start included) — target < 2 s — ${verdict(restartOk)}`,
    );
    const after = client(running.port, new Agent({keepAlive: false}));
    const last = await after.apps.secrets.list({scope: scopeOf(total - 1), limit: 10});
    const kept = last.data.length === 10;
    allMet &&= kept;
    print(
      `  after restart the last user still has ${last.data.length} of 10 secrets — ${kept ? 'nothing lost' : 'DATA LOST'}`,
    );
    const memory = await rssMiB(running.child.pid!);
    const memoryOk = memory < 200;
    allMet &&= memoryOk;
    print(
      `  memory holding ${total.toLocaleString('en-US')} secrets (the restarted process, after one list): ${memory.toFixed(0)} MiB resident — target < 200 MB — ${verdict(memoryOk)}`,
    );
  } finally {
    await stop(running).catch(() => undefined);
    agent.destroy();
    await rm(dir, {recursive: true, force: true});
  }
  return allMet;
}
