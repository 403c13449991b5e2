import {createServer, request, type IncomingHttpHeaders, type Server} from 'node:http';
import {connect} from 'node:net';
import {startDashboard, type RunningDashboard} from '../../dashboard';
import {originFormTarget, proxyToEmulator} from '../../dashboard/server/proxy';

/**
 * The page server under attack: its `/v1` proxy reaches only the emulator, whatever the request target says, and
 * carries no cookie there; the page has one origin. A second server on another local port stands for "another local
 * app".
 */
jest.setTimeout(30_000);

let dashboard: RunningDashboard;
let other: Server;
let otherPort: number;
const reachedOther: {url: string; headers: IncomingHttpHeaders}[] = [];

beforeAll(async () => {
  dashboard = await startDashboard({port: 0, memory: true, providerPort: false, watch: false});
  other = createServer((req, res) => {
    reachedOther.push({url: req.url ?? '', headers: req.headers});
    res.end('the other app answered');
  });
  await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
  otherPort = (other.address() as {port: number}).port;
});
afterAll(async () => {
  await dashboard?.close();
  await new Promise((done) => other?.close(done));
});
beforeEach(() => {
  reachedOther.length = 0;
});

/** One raw HTTP/1.1 request, the target written exactly as given; returns the status line's code and the raw answer. */
function raw(
  target: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{status: number; text: string}> {
  return new Promise((done, fail) => {
    const socket = connect(dashboard.port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => done({status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text}));
    socket.on('error', fail);
    const lines = [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${dashboard.port}`, 'Connection: close'];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

describe('the /v1 proxy forwards to the emulator only', () => {
  const attacks = () => [
    `//127.0.0.1:${otherPort}/v1/x`,
    `http://127.0.0.1:${otherPort}/v1/x`,
    `/\\127.0.0.1:${otherPort}/v1/x`,
    `/\\\\127.0.0.1:${otherPort}/v1/x`,
    `http://127.0.0.1:${dashboard.port}/v1/apps/secrets`,
  ];

  test.each([0, 1, 2, 3, 4])('attack %i: 400, and nothing reaches the other server', async (i) => {
    const target = attacks()[i];
    const res = await raw(target, {Cookie: 'other_app_session=s3cret', Authorization: 'Bearer sk_test_x'});
    expect(res.status).toBe(400);
    expect(res.text).toContain('the request target must be a path on this server');
    expect(res.text).not.toContain('the other app answered');
    expect(reachedOther).toEqual([]);
  });

  test('a POST with a body to another host is refused the same way', async () => {
    const res = await raw(
      `//127.0.0.1:${otherPort}/v1/apps/secrets`,
      {'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '5'},
      'POST',
    );
    expect(res.status).toBe(400);
    expect(reachedOther).toEqual([]);
  });

  function get(path: string, headers: Record<string, string> = {}): Promise<{status: number; body: string}> {
    return new Promise((done, fail) => {
      const req = request(`${dashboard.url}${path}`, {headers}, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done({status: res.statusCode ?? 0, body}));
      });
      req.on('error', fail);
      req.end();
    });
  }

  test('a plain /v1 path still reaches the emulator, with its query', async () => {
    // The page's own token first: the session endpoint answers only the page that shows that user and mode.
    const html = (await get('/?user=usr_ada&mode=test')).body;
    const pageToken = (
      JSON.parse(/<script id="ld-config" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}') as {
        page: {token: string};
      }
    ).page.token;
    const {token} = JSON.parse(
      (await get('/__dashboard/session?user=usr_ada&mode=test', {'X-Dashboard-Page': pageToken})).body,
    ) as {token: string};
    const res = await get('/v1/apps/secrets?scope[type]=account&limit=2', {
      Authorization: `Bearer ${token}`,
      Cookie: 'other_app_session=s3cret',
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({object: 'list', url: '/v1/apps/secrets', data: []});
    const bad = await get('/v1/apps/secrets?scope[type]=nope', {Authorization: `Bearer ${token}`});
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('Invalid scope[type]');
  });

  test('the forward carries what the Secret Store needs and no cookie, origin or host of the page', async () => {
    const origin = 'http://127.0.0.1:1';
    const front = createServer((req, res) =>
      proxyToEmulator(req, res, `http://127.0.0.1:${otherPort}`, originFormTarget(req.url, origin) as URL),
    );
    await new Promise<void>((done) => front.listen(0, '127.0.0.1', done));
    try {
      const port = (front.address() as {port: number}).port;
      const body = 'name=k&payload=v&scope[type]=account';
      await new Promise<void>((done, fail) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v1/apps/secrets?expand[]=payload',
            headers: {
              Authorization: 'Bearer dsess_test_x',
              Cookie: 'other_app_session=s3cret',
              Origin: 'http://127.0.0.1:9',
              'Idempotency-Key': 'k1',
              'Content-Type': 'application/x-www-form-urlencoded',
              'Content-Length': String(body.length),
              'Stripe-Version': '2024-06-20',
            },
          },
          (res) => res.resume().on('end', done),
        );
        req.on('error', fail);
        req.end(body);
      });
      expect(reachedOther).toHaveLength(1);
      const [seen] = reachedOther;
      expect(seen.url).toBe('/v1/apps/secrets?expand[]=payload');
      expect(seen.headers).toMatchObject({
        authorization: 'Bearer dsess_test_x',
        'idempotency-key': 'k1',
        'stripe-version': '2024-06-20',
        host: `127.0.0.1:${otherPort}`,
      });
      expect(seen.headers.cookie).toBeUndefined();
      expect(seen.headers.origin).toBeUndefined();
    } finally {
      await new Promise((done) => front.close(done));
    }
  });
});

describe('one canonical origin', () => {
  test('the page at http://localhost:<port> is sent to http://127.0.0.1:<port>, path and query kept', async () => {
    for (const [target, location] of [
      ['/?page=customer&user=usr_vic', `${dashboard.url}/?page=customer&user=usr_vic`],
      [
        '/test/apps-oauth/com.keyring.credentials?code=c&state=s',
        `${dashboard.url}/test/apps-oauth/com.keyring.credentials?code=c&state=s`,
      ],
    ]) {
      const res = await new Promise<{status: number; text: string}>((done, fail) => {
        const socket = connect(dashboard.port, '127.0.0.1');
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
        socket.on('end', () => done({status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text}));
        socket.on('error', fail);
        socket.write(`GET ${target} HTTP/1.1\r\nHost: localhost:${dashboard.port}\r\nConnection: close\r\n\r\n`);
      });
      expect(res.status).toBe(308);
      expect(res.text.toLowerCase()).toContain(`\r\nlocation: ${location.toLowerCase()}\r\n`);
    }
    expect((await raw('/')).status).toBe(200);
  });
});
