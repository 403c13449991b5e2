import {serve} from '@hono/node-server';
import {Hono} from 'hono';

/**
 * The bench's baseline: the same framework and server as the backend, in its own process like the backend's, with two
 * bare routes — one doing nothing, one making the same provider call as `api_key.check` with a fixed key. Usage:
 * `node --require tsx/cjs backend/bench/bare-server.ts <key-check URL>`; prints its URL; stops when stdin closes.
 */
const keyCheckUrl = process.argv[2];
const KEY = 'ec_test_abcdefghijklmnopqrstuvwxyz012345';

const app = new Hono();
app.post('/bare', (c) => c.json({ok: true}));
app.post('/bare-key-check', async (c) => {
  await c.req.json();
  const res = await fetch(keyCheckUrl, {headers: {Authorization: `Bearer ${KEY}`}});
  await res.arrayBuffer();
  return c.json({ok: true, accepted: res.status === 200});
});
serve({fetch: app.fetch, port: 0, hostname: '127.0.0.1'}, (info) =>
  console.log(`bare listening on http://127.0.0.1:${info.port}`),
);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
