import {MAX_DEPTH, MAX_PAIRS} from '../../emulator/params';
import {ACCOUNT_SCOPE, emulatorPerTest, form, send, stripeFor, wireError} from '../../testing/emulator';

/**
 * Bounded parsing and bytes that are not text: every hostile request gets a fast 400 in Stripe's envelope, the process
 * stays up, and nothing is stored.
 */
const emulator = emulatorPerTest();

const SECRETS = '/v1/apps/secrets';
const createBody = form({name: 'k', payload: 'v', 'scope[type]': 'account'});

async function stillServes(): Promise<void> {
  const stripe = stripeFor(emulator());
  await stripe.apps.secrets.create({name: 'after', payload: 'ok', scope: ACCOUNT_SCOPE});
  expect((await stripe.apps.secrets.list({scope: ACCOUNT_SCOPE})).data.map((s) => s.name)).toEqual(['after']);
}

describe('bracket depth', () => {
  test(`a name ${MAX_DEPTH} brackets deep is parsed; one more is a 400 naming the parameter`, async () => {
    const deepest = `metadata${'[b]'.repeat(MAX_DEPTH)}=x`;
    // Accepted by the parser: the route then refuses the unknown parameter, as it would any other.
    const parsed = await send(emulator(), {method: 'POST', path: SECRETS, body: `${createBody}&${deepest}`});
    expect(parsed.status).toBe(400);
    expect(wireError(parsed)).toMatchObject({code: 'parameter_unknown', param: 'metadata'});

    const tooDeep = await send(emulator(), {
      method: 'POST',
      path: SECRETS,
      body: `${createBody}&metadata${'[b]'.repeat(MAX_DEPTH + 1)}=x`,
    });
    expect(tooDeep.status).toBe(400);
    expect(wireError(tooDeep)).toMatchObject({type: 'invalid_request_error', param: 'metadata'});
    expect(wireError(tooDeep).message).toContain(`more than ${MAX_DEPTH} levels deep`);
  });

  test('5,000 deep (a stack overflow before) and 300,000 deep in the 1 MiB body (out of heap before) are 400s; the process lives', async () => {
    for (const depth of [5_000, 300_000]) {
      const body = `${createBody}&a${'[b]'.repeat(depth)}=x`;
      expect(Buffer.byteLength(body)).toBeLessThan(1024 * 1024);
      const res = await send(emulator(), {method: 'POST', path: SECRETS, body});
      expect(res.status).toBe(400);
      expect(wireError(res).message).toContain('nested more than');
    }
    // In the query string too, percent-encoded (as deep as fits in Node's 16 KiB of headers).
    const query = await send(emulator(), {path: `${SECRETS}?scope[type]=account&a${'%5Bb%5D'.repeat(1_000)}=x`});
    expect(query.status).toBe(400);
    expect(wireError(query).message).toContain('nested more than');
    await stillServes();
  });
});

describe('parameter count', () => {
  test(`${MAX_PAIRS} pairs are parsed; one more, across query and body, is a 400`, async () => {
    const pairs = (n: number) => Array.from({length: n}, (_, i) => `expand[${i}]=payload`).join('&');
    const atLimit = await send(emulator(), {
      method: 'POST',
      path: SECRETS,
      body: `${createBody}&${pairs(MAX_PAIRS - 3)}`,
    });
    expect(atLimit.status).toBe(200);
    const over = await send(emulator(), {
      method: 'POST',
      path: `${SECRETS}?expand[]=payload`,
      body: `${createBody}&${pairs(MAX_PAIRS - 3)}`,
    });
    expect(over.status).toBe(400);
    expect(wireError(over).message).toBe(`Invalid request: more than ${MAX_PAIRS} parameters.`);
  });
});

describe('invalid UTF-8 is refused, not replaced with U+FFFD', () => {
  test('raw bytes in a form body', async () => {
    const body = Buffer.concat([
      Buffer.from('name=k&scope[type]=account&payload=ab'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('cd'),
    ]);
    const res = await send(emulator(), {method: 'POST', path: SECRETS, body});
    expect(res.status).toBe(400);
    expect(wireError(res)).toMatchObject({type: 'invalid_request_error'});
    expect(wireError(res).message).toContain('request body is not valid UTF-8');
    expect((await stripeFor(emulator()).apps.secrets.list({scope: ACCOUNT_SCOPE})).data).toEqual([]);
  });

  test('a percent-escape that is not UTF-8, in the body or the query; a broken escape keeps its own message', async () => {
    const body = await send(emulator(), {
      method: 'POST',
      path: SECRETS,
      body: `${createBody.replace('payload=v', 'payload=%FF%FE')}`,
    });
    expect(body.status).toBe(400);
    expect(wireError(body).message).toContain('percent-encoded parameter is not valid UTF-8');
    const query = await send(emulator(), {path: `${SECRETS}?scope[type]=account&ending_before=%C3%28`});
    expect(query.status).toBe(400);
    expect(wireError(query).message).toContain('not valid UTF-8');
    const broken = await send(emulator(), {path: `${SECRETS}?scope[type]=account&ending_before=%zz`});
    expect(wireError(broken).message).toBe('Invalid request: the parameters are not valid percent-encoding.');
    expect((await stripeFor(emulator()).apps.secrets.list({scope: ACCOUNT_SCOPE})).data).toEqual([]);
  });

  test('valid multi-byte text, raw or percent-encoded, is kept exactly', async () => {
    const stripe = stripeFor(emulator());
    const raw = Buffer.from('name=r%C3%A9sum%C3%A9&scope[type]=account&payload=caf\u00e9 \u{1F511}', 'utf8');
    const res = await send(emulator(), {method: 'POST', path: SECRETS, body: raw});
    expect(res.status).toBe(200);
    const found = await stripe.apps.secrets.find({name: 'résumé', scope: ACCOUNT_SCOPE, expand: ['payload']});
    expect(found.payload).toBe('café \u{1F511}');
  });
});

describe('a request Node refuses before the emulator reads it', () => {
  test('a find by a valid 5,000-emoji name (a query string past the header limit) is refused in Stripe’s envelope', async () => {
    // Node answered 431 with an empty body: stripe-node reported an unparseable response instead of the reason.
    const name = '\u{1F511}'.repeat(5000);
    const refusal = await stripeFor(emulator())
      .apps.secrets.find({name, scope: ACCOUNT_SCOPE})
      .then(
        () => undefined,
        (err: unknown) => err as {rawType?: string; statusCode?: number; message?: string; requestId?: string},
      );
    // stripe-node classes a 431 as StripeAPIError, but carries the envelope's type, message and request id.
    expect(refusal).toMatchObject({rawType: 'invalid_request_error', statusCode: 431});
    expect(refusal?.message).toContain('header limit');
    expect(refusal?.requestId).toMatch(/^req_/);
    const raw = await send(emulator(), {path: `${SECRETS}/find?scope[type]=account&name=${encodeURIComponent(name)}`});
    expect(raw.status).toBe(431);
    expect(wireError(raw)).toMatchObject({type: 'invalid_request_error'});
  });
});
