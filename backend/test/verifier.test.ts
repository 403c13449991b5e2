import {startEmulator, type RunningEmulator} from '../../local/emulator';
import {createBackend} from '../src/app';
import {loadConfig} from '../src/config';
import {parseSignatureHeader, verifySignedRequest} from '../src/signature';
import {ACCOUNT, backendEnv, newNonce, nowSeconds, ROTATED_SECRET, SIGNING_SECRET, signRequest, USER} from './helpers';

/**
 * The signed-request verifier, with signatures made by stripe-node's own test-header helper. Through the whole app
 * (Hono's in-memory `request`) with a real Secret Store emulator behind it, whose request log shows that no refusal
 * reads anything from the Secret Store.
 */

let emulator: RunningEmulator;
let storeRequests: string[];

beforeEach(async () => {
  storeRequests = [];
  emulator = await startEmulator({port: 0, memory: true, log: (line) => storeRequests.push(line)});
});
afterEach(() => emulator.close());

function backend(over: Record<string, string> = {}) {
  return createBackend(loadConfig(backendEnv({emulatorUrl: emulator.url, ...over})));
}

type App = ReturnType<typeof backend>;

async function post(app: App, action: string, signed: {body: unknown; header?: string}, rawBody?: string) {
  const headers: Record<string, string> = {'Content-Type': 'application/json'};
  if (signed.header !== undefined) headers['Stripe-Signature'] = signed.header;
  const res = await app.request(`/actions/${action}`, {
    method: 'POST',
    headers,
    body: rawBody ?? JSON.stringify(signed.body),
  });
  return {
    status: res.status,
    json: (await res.json()) as {ok?: boolean; reason?: string; error?: {reason: string; message: string}},
  };
}

async function refusedWith(
  app: App,
  action: string,
  signed: {body: unknown; header?: string},
  status: number,
  reason: string,
  rawBody?: string,
) {
  const res = await post(app, action, signed, rawBody);
  expect({status: res.status, reason: res.json.error?.reason}).toEqual({status, reason});
  expect(typeof res.json.error?.message).toBe('string');
  expect(storeRequests).toEqual([]);
}

describe('accepted', () => {
  it('a fresh signature over the rebuilt text: the action runs, reading the signed user’s secret in the signed account', async () => {
    const res = await post(backend(), 'connection.check', signRequest({action: 'connection.check'}));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ok: false, reason: 'not_connected'});
    // One read, in the signed user's scope (the emulator logs the path, never a payload).
    expect(storeRequests).toHaveLength(1);
    expect(storeRequests[0]).toMatch(/^GET \/v1\/apps\/secrets\/find /);
  });

  it('a rotation: two v1 values, and a backend that knows either secret accepts', async () => {
    const signed = signRequest({action: 'connection.check'}, {secrets: [ROTATED_SECRET, SIGNING_SECRET]});
    expect(parseSignatureHeader(signed.header)?.v1).toHaveLength(2);
    expect((await post(backend(), 'connection.check', signed)).status).toBe(200);
    const onlyNew = signRequest({action: 'connection.check'}, {secrets: [ROTATED_SECRET]});
    expect(
      (
        await post(
          backend({KEYRING_SIGNING_SECRETS: `${SIGNING_SECRET},${ROTATED_SECRET}`}),
          'connection.check',
          onlyNew,
        )
      ).status,
    ).toBe(200);
  });

  it('a signature 299 s old or 299 s ahead', async () => {
    for (const skew of [-299, 299]) {
      expect(
        (
          await post(
            backend(),
            'connection.check',
            signRequest({action: 'connection.check'}, {timestamp: nowSeconds() + skew}),
          )
        ).status,
      ).toBe(200);
    }
  });
});

describe('refused, with nothing read from the Secret Store', () => {
  it('too old (301 s) and from the future (301 s ahead)', async () => {
    await refusedWith(
      backend(),
      'connection.check',
      signRequest({action: 'connection.check'}, {timestamp: nowSeconds() - 301}),
      401,
      'too_old',
    );
    await refusedWith(
      backend(),
      'connection.check',
      signRequest({action: 'connection.check'}, {timestamp: nowSeconds() + 301}),
      401,
      'from_the_future',
    );
  });

  it('tampered: a signed field changed after signing (another user, another account, the other mode)', async () => {
    for (const change of [{user_id: 'usr_1Mallory'}, {account_id: 'acct_1Other'}, {mode: 'live'}]) {
      const signed = signRequest({action: 'connection.check'});
      await refusedWith(
        backend(),
        'connection.check',
        {...signed, body: {...signed.body, ...change}},
        401,
        'signature_mismatch',
      );
    }
  });

  it('an unknown secret, and a retired one after the rotation ends', async () => {
    await refusedWith(
      backend(),
      'connection.check',
      signRequest({action: 'connection.check'}, {secrets: ['absec_notoursatall0000000000000000']}),
      401,
      'signature_mismatch',
    );
    await refusedWith(
      backend({KEYRING_SIGNING_SECRETS: ROTATED_SECRET}),
      'connection.check',
      signRequest({action: 'connection.check'}),
      401,
      'signature_mismatch',
    );
  });

  it('replayed: the same signed request twice is refused the second time', async () => {
    const app = backend();
    const signed = signRequest({action: 'connection.check'});
    expect((await post(app, 'connection.check', signed)).status).toBe(200);
    const reads = storeRequests.length;
    const again = await post(app, 'connection.check', signed);
    expect({status: again.status, reason: again.json.error?.reason}).toEqual({status: 409, reason: 'replayed'});
    expect(storeRequests).toHaveLength(reads);
  });

  it('a new signature with a used nonce is a replay too', async () => {
    const app = backend();
    const nonce = newNonce();
    expect((await post(app, 'connection.check', signRequest({action: 'connection.check', nonce}))).status).toBe(200);
    storeRequests.length = 0;
    await refusedWith(
      app,
      'connection.check',
      signRequest({action: 'connection.check', nonce}, {timestamp: nowSeconds() - 1}),
      409,
      'replayed',
    );
  });

  it('the wrong action: a signature for connection.check sent to connection.refresh', async () => {
    await refusedWith(
      backend(),
      'connection.refresh',
      signRequest({action: 'connection.check'}),
      403,
      'action_mismatch',
    );
  });

  it('a body that does not match: data changed after its hash was signed', async () => {
    const signed = signRequest({action: 'connection.refresh', data: {force: false}});
    await refusedWith(
      backend(),
      'connection.refresh',
      {...signed, body: {...signed.body, data: {force: true}}},
      400,
      'body_mismatch',
    );
  });

  it('an extra field outside the signed set, even a harmless-looking one', async () => {
    const signed = signRequest({action: 'connection.check'});
    await refusedWith(
      backend(),
      'connection.check',
      {...signed, body: {...signed.body, user: USER}},
      400,
      'fields_outside_signed_set',
    );
  });

  it('a missing header, and malformed ones', async () => {
    const signed = signRequest({action: 'connection.check'});
    await refusedWith(backend(), 'connection.check', {body: signed.body}, 400, 'missing_signature');
    for (const header of [
      'garbage',
      `t=${nowSeconds()}`,
      'v1=' + 'a'.repeat(64),
      `t=soon,v1=${'a'.repeat(64)}`,
      `t=${nowSeconds()},v1=xyz`,
      signed.header.replace(',v1=', ';v1='),
    ]) {
      await refusedWith(backend(), 'connection.check', {...signed, header}, 400, 'malformed_signature');
    }
  });

  it('a body that is not a JSON object, or has a malformed field', async () => {
    const signed = signRequest({action: 'connection.check'});
    await refusedWith(backend(), 'connection.check', signed, 400, 'malformed_body', 'not json');
    await refusedWith(backend(), 'connection.check', signed, 400, 'malformed_body', '[1,2]');
    await refusedWith(
      backend(),
      'connection.check',
      {...signed, body: {...signed.body, nonce: 'short'}},
      400,
      'malformed_body',
    );
  });

  it('a body larger than any action’s (16 KiB)', async () => {
    const signed = signRequest({action: 'connection.check', data: {padding: 'x'.repeat(17_000)}});
    await refusedWith(backend(), 'connection.check', signed, 413, 'body_too_large');
  });

  it('an unknown action', async () => {
    await refusedWith(backend(), 'secrets.dump', signRequest({action: 'secrets.dump'}), 404, 'unknown_action');
  });
});

describe('roles', () => {
  it('api_key.check needs stripe_roles signed with a manage role; the roles are part of the signed text', async () => {
    await refusedWith(backend(), 'api_key.check', signRequest({action: 'api_key.check'}), 403, 'role_required');
    await refusedWith(
      backend(),
      'api_key.check',
      signRequest({action: 'api_key.check', stripe_roles: ['view_only']}),
      403,
      'role_required',
    );
    // Roles added after signing do not match the signature.
    const unsigned = signRequest({action: 'api_key.check'});
    await refusedWith(
      backend(),
      'api_key.check',
      {...unsigned, body: {...unsigned.body, stripe_roles: ['admin']}},
      401,
      'signature_mismatch',
    );

    const res = await post(
      backend(),
      'api_key.check',
      signRequest({action: 'api_key.check', stripe_roles: ['view_only', 'developer']}),
    );
    expect(res.json).toEqual({ok: false, reason: 'no_api_key'});
    expect(storeRequests).toHaveLength(1);
  });
});

describe('the pure verifier', () => {
  it('takes account, user and mode only from the signed text', () => {
    const signed = signRequest({action: 'connection.check', mode: 'live'});
    const verified = verifySignedRequest({
      urlAction: 'connection.check',
      header: signed.header,
      body: JSON.stringify(signed.body),
      secrets: [SIGNING_SECRET],
      nowSeconds: nowSeconds(),
    });
    expect(
      verified.ok && {mode: verified.request.mode, account: verified.request.accountId, user: verified.request.userId},
    ).toEqual({mode: 'live', account: ACCOUNT, user: USER});
  });
});
