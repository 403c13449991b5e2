import {request, type IncomingMessage} from 'node:http';
import {createServer, type Server} from 'node:net';
import {serve, type Served} from '../../platform/serve';

/**
 * `serve`, the one way every local server listens and stops: loopback only, a clear message for a busy port, 503 until
 * it is handed its handler, and a close that waits for a running request only as long as the server's grace allows.
 */

const started: Served[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((served) => served.close()));
});

async function start(...args: Parameters<typeof serve>): Promise<Served> {
  const served = await serve(...args);
  started.push(served);
  return served;
}

function get(url: string): Promise<{status: number; body: string}> {
  return new Promise((done, reject) => {
    request(url, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({status: res.statusCode ?? 0, body}));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

test('port 0 picks a free port on 127.0.0.1, and the URL says which', async () => {
  const served = await start({port: 0}, (_req, res) => res.end('hello'));
  expect(served.port).toBeGreaterThan(0);
  expect(served.url).toBe(`http://127.0.0.1:${served.port}`);
  expect(await get(served.url)).toEqual({status: 200, body: 'hello'});
});

test('a busy port is refused with the flag that moves it', async () => {
  const blocker: Server = createServer();
  await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
  const busy = (blocker.address() as {port: number}).port;
  try {
    await expect(serve({port: busy})).rejects.toThrow(
      `Port ${busy} on 127.0.0.1 is in use; pick another with --port (0 = any free port).`,
    );
  } finally {
    await new Promise((done) => blocker.close(done));
  }
});

test('until it is handed a handler, every request gets 503; then the handler answers', async () => {
  const served = await start({port: 0});
  expect(await get(served.url)).toEqual({status: 503, body: 'Starting…'});
  served.handle((_req, res) => res.end('ready'));
  expect(await get(served.url)).toEqual({status: 200, body: 'ready'});
});

describe('close', () => {
  test('without a grace, a request still running is cut and close resolves at once; a second close is the same one', async () => {
    let answer: (() => void) | undefined;
    const served = await serve({port: 0}, (_req, res) => {
      answer = () => res.end('late');
    });
    const pending = get(served.url);
    while (!answer) await new Promise((done) => setImmediate(done));
    const closed = served.close();
    expect(served.close()).toBe(closed);
    await closed;
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  test('with a grace, a request still running finishes before the server stops', async () => {
    let answer: (() => void) | undefined;
    const served = await serve({port: 0, graceMs: 10_000}, (_req, res) => {
      answer = () => res.end('finished');
    });
    const pending = get(served.url);
    while (!answer) await new Promise((done) => setImmediate(done));
    let stopped = false;
    const closed = served.close().then(() => (stopped = true));
    await new Promise((done) => setImmediate(done));
    expect(stopped).toBe(false);
    answer();
    expect(await pending).toEqual({status: 200, body: 'finished'});
    await closed;
    expect(stopped).toBe(true);
  });

  test('with a grace, a request that never finishes is cut once the grace is over', async () => {
    let reached = false;
    const served = await serve({port: 0, graceMs: 50}, () => {
      reached = true;
    });
    const pending = get(served.url);
    while (!reached) await new Promise((done) => setImmediate(done));
    await served.close();
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
