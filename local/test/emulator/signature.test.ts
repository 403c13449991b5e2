import {mkdtemp, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import Stripe from 'stripe';
import {readSigningSecrets, startEmulator, type RunningEmulator} from '../../emulator';
import {SIGNING_SECRETS_FILE} from '../../emulator/signing';
import {TestClock, emulatorPerTest, form, send, wireError} from '../../testing/emulator';

/**
 * `GET /v1/apps/app_embedded_backend_signature`: what Stripe answers `fetchStripeSignature`, checked with stripe-node's
 * own verifier (always with a tolerance: without one it skips the timestamp check).
 */
const clock = new TestClock(Date.now());
const emulator = emulatorPerTest({now: clock.now});
const stripe = new Stripe('sk_test_unused');
const TOLERANCE = 300;

const signaturePath = (payload: unknown, includeOnly = true) =>
  `/v1/apps/app_embedded_backend_signature?payload=${encodeURIComponent(JSON.stringify(payload))}${includeOnly ? '&include_only[]=signature' : ''}`;

async function session(
  target: RunningEmulator,
  user = 'usr_ada',
  roles = ['admin'],
  livemode = false,
): Promise<string> {
  return target.createDashboardSession({account: 'acct_1Shop', user, roles, livemode});
}

async function signature(target: RunningEmulator, token: string, payload: unknown): Promise<string> {
  const res = await send(target, {path: signaturePath(payload), key: token});
  expect(res.status).toBe(200);
  const body = res.json as {signature: string};
  expect(Object.keys(body)).toEqual(['signature']);
  return body.signature;
}

const verifies = (text: string, header: string, secret: string) => {
  try {
    return stripe.webhooks.signature?.verifyHeader(text, header, secret, TOLERANCE) === true;
  } catch {
    return false;
  }
};

describe('signing a view payload', () => {
  it('signs {...payload, user_id, account_id} in that order with the app signing secret', async () => {
    const token = await session(emulator());
    const header = await signature(emulator(), token, {
      action: 'connection.check',
      mode: 'test',
      nonce: 'n-0123456789abcdef',
      body_sha256: 'ab',
    });
    const [secret] = emulator().signingSecrets();
    expect(secret).toMatch(/^absec_[A-Za-z0-9]{32}$/);
    const text = JSON.stringify({
      action: 'connection.check',
      mode: 'test',
      nonce: 'n-0123456789abcdef',
      body_sha256: 'ab',
      user_id: 'usr_ada',
      account_id: 'acct_1Shop',
    });
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifies(text, header, secret)).toBe(true);
    // The same fields in another order, or another user, are not what was signed.
    expect(
      verifies(
        JSON.stringify({
          user_id: 'usr_ada',
          account_id: 'acct_1Shop',
          action: 'connection.check',
          mode: 'test',
          nonce: 'n-0123456789abcdef',
          body_sha256: 'ab',
        }),
        header,
        secret,
      ),
    ).toBe(false);
    expect(verifies(text.replace('usr_ada', 'usr_vic'), header, secret)).toBe(false);
  });

  it('user_id and account_id always name the session, whatever the payload says', async () => {
    const token = await session(emulator(), 'usr_vic', ['view_only']);
    const header = await signature(emulator(), token, {a: 1, user_id: 'usr_ada', account_id: 'acct_other'});
    const [secret] = emulator().signingSecrets();
    expect(verifies(JSON.stringify({a: 1, user_id: 'usr_vic', account_id: 'acct_1Shop'}), header, secret)).toBe(true);
  });

  it('an empty payload (fetchStripeSignature() with no argument) signs just the user and account', async () => {
    const header = await signature(emulator(), await session(emulator()), {});
    expect(
      verifies(JSON.stringify({user_id: 'usr_ada', account_id: 'acct_1Shop'}), header, emulator().signingSecrets()[0]),
    ).toBe(true);
  });

  it('the timestamp is the emulator clock, so a signature 301 s old fails a 300 s tolerance', async () => {
    const token = await session(emulator());
    const text = JSON.stringify({user_id: 'usr_ada', account_id: 'acct_1Shop'});
    const header = await signature(emulator(), token, {});
    expect(Number(/^t=(\d+)/.exec(header)?.[1])).toBe(clock.seconds);
    expect(verifies(text, header, emulator().signingSecrets()[0])).toBe(true);
    clock.advance(-301);
    const old = await signature(emulator(), token, {});
    clock.advance(301);
    expect(verifies(text, old, emulator().signingSecrets()[0])).toBe(false);
  });

  it('a rotation signs with both secrets (two v1=) until the old one expires after 24 hours', async () => {
    const token = await session(emulator());
    const [oldSecret] = emulator().signingSecrets();
    const secrets = await emulator().rotateSigningSecret();
    expect(secrets).toHaveLength(2);
    expect(secrets[1]).toBe(oldSecret);
    expect(secrets[0]).not.toBe(oldSecret);
    const header = await signature(emulator(), token, {x: 'y'});
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    const text = JSON.stringify({x: 'y', user_id: 'usr_ada', account_id: 'acct_1Shop'});
    expect(verifies(text, header, oldSecret)).toBe(true);
    expect(verifies(text, header, secrets[0])).toBe(true);

    clock.advance(24 * 60 * 60 + 1);
    expect(emulator().signingSecrets()).toEqual([secrets[0]]);
    clock.advance(-(24 * 60 * 60 + 1));
  });

  it('POST /local/app_signing_secrets/rotate rotates for a backend key, never answering a secret', async () => {
    const before = emulator().signingSecrets();
    const res = await send(emulator(), {method: 'POST', path: '/local/app_signing_secrets/rotate', body: ''});
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('absec_');
    expect(emulator().signingSecrets()).toEqual([expect.not.stringMatching(before[0]), before[0]]);
    const asView = await send(emulator(), {
      method: 'POST',
      path: '/local/app_signing_secrets/rotate',
      body: '',
      key: await session(emulator()),
    });
    expect(asView.status).toBe(403);
  });
});

describe('refusals', () => {
  it('stripe_roles naming a role the user lacks → 400 invalid_request_error, nothing signed', async () => {
    const vic = await session(emulator(), 'usr_vic', ['view_only']);
    const res = await send(emulator(), {
      path: signaturePath({action: 'api_key.check', stripe_roles: ['admin']}),
      key: vic,
    });
    expect(res.status).toBe(400);
    expect(wireError(res)).toMatchObject({type: 'invalid_request_error', param: 'payload'});
    expect(wireError(res).message).toContain("'admin'");
    expect(res.text).not.toContain('v1=');

    const ok = await signature(emulator(), vic, {stripe_roles: ['view_only']});
    expect(
      verifies(
        JSON.stringify({stripe_roles: ['view_only'], user_id: 'usr_vic', account_id: 'acct_1Shop'}),
        ok,
        emulator().signingSecrets()[0],
      ),
    ).toBe(true);
    const ada = await session(emulator(), 'usr_ada', ['admin']);
    expect(await signature(emulator(), ada, {stripe_roles: ['admin']})).toMatch(/^t=/);
  });

  it('stripe_roles that is not a list of ids → 400', async () => {
    const ada = await session(emulator());
    for (const roles of ['admin', [{id: 'admin'}], null]) {
      const res = await send(emulator(), {path: signaturePath({stripe_roles: roles}), key: ada});
      expect([res.status, wireError(res).param]).toEqual([400, 'payload']);
    }
  });

  it('a backend key is refused: a signature speaks for a Dashboard user', async () => {
    const res = await send(emulator(), {path: signaturePath({})});
    expect(res.status).toBe(403);
    expect(wireError(res)).toMatchObject({type: 'permission_error'});
    expect(res.text).not.toContain('v1=');
  });

  it('no key → 401; a payload that is not a JSON object → 400; unknown parameters → 400', async () => {
    expect((await send(emulator(), {path: signaturePath({}), key: null})).status).toBe(401);
    const token = await session(emulator());
    for (const payload of ['[1]', '"text"', 'not json', '']) {
      const res = await send(emulator(), {
        path: `/v1/apps/app_embedded_backend_signature?payload=${encodeURIComponent(payload)}`,
        key: token,
      });
      expect([res.status, wireError(res).param]).toEqual([400, 'payload']);
    }
    const extra = await send(emulator(), {path: `${signaturePath({})}&user=usr_vic`, key: token});
    expect(wireError(extra)).toMatchObject({code: 'parameter_unknown', param: 'user'});
    const include = await send(emulator(), {path: `${signaturePath({}, false)}&include_only[]=secret`, key: token});
    expect(wireError(include).param).toBe('include_only');
  });

  it('works without secret_write: signing is not a Secret Store call', async () => {
    const token = await emulator().createDashboardSession({account: 'acct_1Shop', user: 'usr_ada', permissions: []});
    expect(await signature(emulator(), token, {})).toMatch(/^t=/);
  });

  it('POST /local/dashboard_sessions takes roles[]', async () => {
    const res = await send(emulator(), {
      method: 'POST',
      path: '/local/dashboard_sessions',
      body: `${form({account: 'acct_1Shop', user: 'usr_dana'})}&roles[]=developer`,
    });
    expect(res.json).toMatchObject({roles: ['developer']});
    const token = (res.json as {id: string}).id;
    expect((await send(emulator(), {path: signaturePath({stripe_roles: ['developer']}), key: token})).status).toBe(200);
    expect((await send(emulator(), {path: signaturePath({stripe_roles: ['admin']}), key: token})).status).toBe(400);
  });
});

describe('a data directory keeps its signing secrets', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keyring-signing-'));
  });
  afterEach(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  it('made once (mode 0600), the same after a restart and from readSigningSecrets; a rotation is kept too', async () => {
    const first = await startEmulator({port: 0, dataDir: dir, warn: () => undefined});
    const made = first.signingSecrets();
    expect(made).toHaveLength(1);
    expect((await stat(join(dir, SIGNING_SECRETS_FILE))).mode & 0o777).toBe(0o600);
    expect(await readSigningSecrets(dir)).toEqual(made);
    const rotated = await first.rotateSigningSecret();
    await first.close();

    const second = await startEmulator({port: 0, dataDir: dir, warn: () => undefined});
    try {
      expect(second.signingSecrets()).toEqual(rotated);
      expect(await readSigningSecrets(dir)).toEqual(rotated);
      const header = await signature(second, await session(second), {});
      for (const secret of rotated)
        expect(verifies(JSON.stringify({user_id: 'usr_ada', account_id: 'acct_1Shop'}), header, secret)).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('readSigningSecrets makes them for a directory no emulator has used yet; an in-memory emulator has its own', async () => {
    const secrets = await readSigningSecrets(dir);
    expect(secrets).toEqual([expect.stringMatching(/^absec_/)]);
    const started = await startEmulator({port: 0, dataDir: dir, warn: () => undefined});
    try {
      expect(started.signingSecrets()).toEqual(secrets);
    } finally {
      await started.close();
    }
    const memory = await startEmulator({port: 0, memory: true});
    try {
      expect(memory.signingSecrets()).not.toEqual(secrets);
    } finally {
      await memory.close();
    }
  });
});
