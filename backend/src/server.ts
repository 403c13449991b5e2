import type {AddressInfo} from 'node:net';
import {serve} from '@hono/node-server';
import {Redis} from 'ioredis';
import {createBackend, type BackendDeps} from './app';
import {loadConfig, type BackendConfig} from './config';
import {redisLock} from './locks';
import {redisState} from './state';

/**
 * The backend on Node: configuration from the environment (checked first; a ConfigError names every problem), Redis
 * when REDIS_URL is set (nonces, event ids and the refresh lock shared by every instance), served on 127.0.0.1.
 */

/** What `npm run backend` prints once it listens, followed by its URL (spawnBackend waits for it). */
export const LISTENING_LINE = 'Keyring backend listening on';

export interface RunningBackend {
  url: string;
  port: number;
  config: BackendConfig;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Overrides PORT; 0 picks a free port. */
  port?: number;
  env?: Record<string, string | undefined>;
  /** Default 127.0.0.1: locally the backend is never reachable from another machine. */
  host?: string;
  log?: (line: string) => void;
  /** Anything `createBackend` takes (tests pass a clock). */
  deps?: BackendDeps;
}

/** Connects to Redis and waits until it answers, so a wrong REDIS_URL fails the start, not the first request. */
async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true});
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (err) {
    redis.disconnect();
    throw new Error(`REDIS_URL: Redis did not answer (${err instanceof Error ? err.message : 'unknown error'})`);
  }
}

export async function startBackend(options: StartOptions = {}): Promise<RunningBackend> {
  const config = loadConfig(options.env ?? process.env, {port: options.port});
  const redis = config.redisUrl ? await connectRedis(config.redisUrl) : undefined;
  const app = createBackend(config, {
    ...(redis ? {state: redisState(redis), lock: redisLock(redis)} : {}),
    log: options.log,
    ...options.deps,
  });
  const host = options.host ?? '127.0.0.1';
  let server: ReturnType<typeof serve>;
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve({fetch: app.fetch, port: config.port, hostname: host}, resolve);
    server.once('error', reject);
  });
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    config,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would hold close() open.
        if ('closeAllConnections' in server) (server as {closeAllConnections(): void}).closeAllConnections();
      }).then(async () => {
        if (redis) await redis.quit().catch(() => redis.disconnect());
      });
      return closing;
    },
  };
}
