import type {IncomingMessage, RequestListener, ServerResponse} from 'node:http';
import {performance} from 'node:perf_hooks';
import {authenticate, resolveAccount, type SessionRegistry} from './auth';
import {ApiError, Errors, errorEnvelope} from './errors';
import type {FaultQueue} from './faults';
import {IdempotencyCache} from './idempotency';
import {newRequestId} from './ids';
import {parseParams} from './params';
import {authorizeRoute, findRoute, type Reply, type RequestContext} from './routes';
import type {SecretStore} from './store';
import type {SigningSecrets} from './signing';
import type {Webhooks} from './webhooks';

/**
 * The server is one pipeline, in this order:
 *   request id → host check → read body → auth → account → fault → route → route permission → parse params
 *   → idempotency → validate → operate → respond.
 * Every answer, errors included, leaves through `send` with `Content-Type: application/json` and a `Request-Id`.
 * @see https://github.com/stripe/stripe-mock (the same shape of pipeline)
 */

export interface ServerDeps {
  store: SecretStore;
  sessions: SessionRegistry;
  faults: FaultQueue;
  idempotency: IdempotencyCache;
  signing: SigningSecrets;
  webhooks: Webhooks;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** One line per request: method, path, status, request id. Never a query, body or payload. */
  log?: (line: string) => void;
  warn: (line: string) => void;
}

const MAX_BODY_BYTES = 1024 * 1024;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Refuses Host names other than loopback ones, so a web page cannot reach the emulator through DNS rebinding. */
function checkHost(host: string | undefined): void {
  if (host === undefined) return;
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  if (!LOCAL_HOSTS.has(hostname.toLowerCase())) throw Errors.hostNotAllowed(host);
}

// ignoreBOM: a leading U+FEFF is part of the body, as it was when bodies were read with Buffer#toString.
const UTF8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true});

/**
 * Reads the whole body (parsing comes later). An oversized body is drained, then refused; bytes that are not UTF-8 are
 * refused too, instead of turning into U+FFFD and being stored as something the client never sent.
 */
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  if (size > MAX_BODY_BYTES) throw Errors.bodyTooLarge(MAX_BODY_BYTES);
  try {
    return UTF8.decode(Buffer.concat(chunks));
  } catch {
    throw Errors.invalidUtf8('request body');
  }
}

/** Anything that is not already an API error: a failed disk write, or a bug. */
function toApiError(err: unknown, warn: (line: string) => void): ApiError {
  if (err instanceof ApiError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') {
    warn(`Secret Store emulator: storage error ${code}`);
    return Errors.storageFailed(code);
  }
  warn(`Secret Store emulator: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return Errors.internal();
}

const errorReply = (err: ApiError): Reply => ({status: err.status, body: errorEnvelope(err)});

interface Outgoing {
  headers: Record<string, string>;
}

async function pipeline(req: IncomingMessage, url: URL, deps: ServerDeps, out: Outgoing): Promise<Reply> {
  const method = req.method ?? 'GET';
  checkHost(header(req, 'host'));
  const rawBody = await readBody(req);
  const authorization = header(req, 'authorization');
  const caller = authenticate(authorization, deps.sessions);
  const account = resolveAccount(caller, header(req, 'stripe-account'));

  const faultStatus = deps.faults.take(url.pathname);
  if (faultStatus !== undefined) throw Errors.injectedFault(faultStatus);

  const route = findRoute(method, url.pathname);
  authorizeRoute(route, caller, account);

  if (/^application\/json\b/i.test(header(req, 'content-type') ?? '')) throw Errors.jsonBody();
  const rawQuery = url.search.slice(1);
  const params = parseParams(rawQuery, rawBody);

  const ctx: RequestContext = {
    caller,
    space: {livemode: caller.livemode, account},
    nowSeconds: Math.floor(deps.now() / 1000),
    store: deps.store,
    sessions: deps.sessions,
    faults: deps.faults,
    signing: deps.signing,
    webhooks: deps.webhooks,
    path: url.pathname,
  };

  const idempotencyKey = method === 'POST' ? header(req, 'idempotency-key') : undefined;
  if (idempotencyKey === undefined) return runOperation(route.prepare(params, ctx), deps);

  out.headers['Idempotency-Key'] = idempotencyKey;
  const cacheKey = `${authorization ?? ''}\n${account}\n${idempotencyKey}`;
  const fingerprint = `${method} ${url.pathname}\n${rawQuery}\n${rawBody}`;
  const saved = deps.idempotency.begin(cacheKey, idempotencyKey, fingerprint);
  if (saved) {
    out.headers['Idempotent-Replayed'] = 'true';
    out.headers['Original-Request'] = saved.requestId;
    return saved;
  }
  let operation: () => Promise<Reply>;
  try {
    operation = route.prepare(params, ctx);
  } catch (err) {
    deps.idempotency.abandon(cacheKey);
    throw err;
  }
  const reply = await runOperation(operation, deps);
  deps.idempotency.finish(cacheKey, fingerprint, {...reply, requestId: out.headers['Request-Id']});
  return reply;
}

/** Errors raised by the operation itself (404, the scope limit, a failed write) are answers like any other. */
async function runOperation(operation: () => Promise<Reply>, deps: ServerDeps): Promise<Reply> {
  try {
    return await operation();
  } catch (err) {
    return errorReply(toApiError(err, deps.warn));
  }
}

function send(res: ServerResponse, reply: Reply, headers: Record<string, string>): void {
  const body = `${JSON.stringify(reply.body, null, 2)}\n`;
  res.writeHead(reply.status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-cache, no-store',
  });
  res.end(body);
}

export function createRequestHandler(deps: ServerDeps): RequestListener {
  return (req, res) => {
    const started = performance.now();
    const out: Outgoing = {headers: {'Request-Id': newRequestId()}};
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      url = new URL('http://127.0.0.1/');
    }
    pipeline(req, url, deps, out)
      .catch((err: unknown) => errorReply(toApiError(err, deps.warn)))
      .then((reply) => {
        send(res, reply, out.headers);
        deps.log?.(
          `${req.method} ${url.pathname} → ${reply.status} ${out.headers['Request-Id']} ${(performance.now() - started).toFixed(1)} ms`,
        );
      })
      .catch((err: unknown) => deps.warn(`Secret Store emulator: could not answer: ${String(err)}`));
  };
}

/**
 * The answer to a request Node refuses before the pipeline runs: a request line and headers past Node's limit (a
 * `find` by a long valid name puts it in the query string) or bytes that are not HTTP. Node's own answer is an empty
 * 431 or 400, which clients cannot report; this is Stripe's error envelope, as JSON, with a Request-Id.
 */
export function refusedByNode(err: NodeJS.ErrnoException): string {
  const error = err.code === 'HPE_HEADER_OVERFLOW' ? Errors.headersTooLarge() : Errors.malformedRequest();
  const body = JSON.stringify(errorEnvelope(error));
  const reason = error.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  return [
    `HTTP/1.1 ${error.status} ${reason}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `Request-Id: ${newRequestId()}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
