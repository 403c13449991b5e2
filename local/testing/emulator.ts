import {request} from 'node:http';
import Stripe from 'stripe';
import {startEmulator, type EmulatorOptions, type RunningEmulator} from '../emulator';
import type {SecretScope} from '../seam/app';

/** Shared by the emulator's tests: clients, a raw HTTP helper, a clock, and a picture of the store. */

export const TEST_KEY = 'sk_test_emulatortests';
export const LIVE_KEY = 'sk_live_emulatortests';

/** 2030-01-01T00:00:00Z: a fixed "now" for tests that need exact timestamps. */
export const T0_MS = Date.UTC(2030, 0, 1);
export const T0 = T0_MS / 1000;

export class TestClock {
  ms: number;
  constructor(startMs = T0_MS) {
    this.ms = startMs;
  }
  readonly now = (): number => this.ms;
  get seconds(): number {
    return Math.floor(this.ms / 1000);
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** A fresh in-memory emulator per test, closed afterwards. */
export function emulatorPerTest(options: EmulatorOptions = {}): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  beforeEach(async () => {
    emulator = await startEmulator({port: 0, memory: true, ...options});
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  return () => {
    if (!emulator) throw new Error('the emulator is not running');
    return emulator;
  };
}

export function stripeFor(
  emulator: RunningEmulator,
  key = TEST_KEY,
  config: {stripeAccount?: string; maxNetworkRetries?: number} = {},
): Stripe {
  return new Stripe(key, {host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries: 0, ...config});
}

export interface RawRequest {
  method?: string;
  /** Path with its query string, exactly as sent (brackets raw or encoded as written). */
  path: string;
  /** A form body, exactly as sent (bytes as given when a Buffer). */
  body?: string | Buffer;
  /** Bearer key; null sends no Authorization header. */
  key?: string | null;
  headers?: Record<string, string>;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
  text: string;
}

/** One request over node:http, so that any header (even Host) and any raw query can be sent. */
export function send(emulator: RunningEmulator, req: RawRequest): Promise<RawResponse> {
  const headers: Record<string, string> = {...req.headers};
  const key = req.key === undefined ? TEST_KEY : req.key;
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  if (req.body !== undefined) {
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
    headers['Content-Length'] = String(Buffer.byteLength(req.body));
  }
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {host: '127.0.0.1', port: emulator.port, method: req.method ?? 'GET', path: req.path, headers},
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({status: res.statusCode ?? 0, headers: res.headers, json, text});
        });
        res.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** A form body from pairs, encoding values (keys are written as given, brackets raw). */
export function form(pairs: Record<string, string | number>): string {
  return Object.entries(pairs)
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
    .join('&');
}

export interface WireError {
  type?: string;
  code?: string;
  message?: string;
  param?: string;
  doc_url?: string;
}

/** The `error` object of an error response; fails the test when the body is not Stripe's envelope. */
export function wireError(res: RawResponse): WireError {
  const body = res.json as {error?: WireError} | undefined;
  if (!body?.error) throw new Error(`expected an error envelope, got ${res.status} ${res.text}`);
  return body.error;
}

/** The error a stripe-node call rejected with; fails the test when it resolved. */
export async function stripeError(call: Promise<unknown>): Promise<InstanceType<typeof Stripe.errors.StripeError>> {
  try {
    await call;
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

export const ACCOUNT_SCOPE: SecretScope = {type: 'account'};
export const userScope = (user: string): SecretScope => ({type: 'user', user});

/** Everything in the given scopes, payloads included, as the backend sees it (test mode unless a live key). */
export async function contents(stripe: Stripe, scopes: SecretScope[], stripeAccount?: string) {
  const out: Record<
    string,
    {id: string; name: string; payload?: string | null; created: number; expires_at: number | null}[]
  > = {};
  for (const scope of scopes) {
    const list = await stripe.apps.secrets.list(
      {scope, limit: 100, expand: ['data.payload']},
      stripeAccount ? {stripeAccount} : undefined,
    );
    out[scope.type === 'user' ? `user:${scope.user}` : 'account'] = list.data.map(
      ({id, name, payload, created, expires_at}) => ({
        id,
        name,
        payload,
        created,
        expires_at,
      }),
    );
  }
  return out;
}
