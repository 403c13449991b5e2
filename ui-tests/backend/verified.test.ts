import {createHmac} from 'node:crypto';
import {verifySignedRequest} from '../../backend/src/signature';
import {signedRequest, type BackendCaller, type BackendAction} from '../../src/backend/request';

/**
 * The two halves of the signed-request contract, together: what the views build (src/backend/request.ts), signed the
 * way Stripe signs it (`{...payload, user_id, account_id}`, HMAC-SHA256 of `t.text`), passes the backend's verifier
 * (backend/src/signature.ts) as sent — and a body that drifts from what was signed does not.
 */
const SECRET = 'absec_viewsandbackendagree0123456789';
const caller: BackendCaller = {
  backendUrl: 'http://127.0.0.1:4245',
  mode: 'test',
  userId: 'usr_1Ada',
  accountId: 'acct_1KeyringLocal',
  roles: ['developer'],
  fetchSignature: () => Promise.reject(new Error('not used')),
};

/** What Stripe does with the view's payload: append the user and account, sign the JSON text. */
function stripeSigns(payload: Record<string, unknown>, t: number): string {
  const text = JSON.stringify({...payload, user_id: caller.userId, account_id: caller.accountId});
  return `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${text}`).digest('hex')}`;
}

it.each<[BackendAction, Record<string, unknown>]>([
  ['connection.check', {}],
  ['connection.refresh', {force: true}],
  ['api_key.check', {}],
])('%s as the views send it is verified, with the signed user, account, mode and roles', async (action, data) => {
  const request = await signedRequest(caller, action, data);
  const t = Math.floor(Date.now() / 1000);
  const verified = verifySignedRequest({
    urlAction: action,
    header: stripeSigns(request.payload, t),
    body: JSON.stringify(request.body),
    secrets: [SECRET],
    nowSeconds: t,
  });
  expect(verified).toEqual({
    ok: true,
    request: {
      action,
      mode: 'test',
      nonce: request.payload.nonce,
      roles: action === 'api_key.check' ? ['developer'] : undefined,
      userId: 'usr_1Ada',
      accountId: 'acct_1KeyringLocal',
      data,
      signedAt: t,
    },
  });
});

it('a body whose data changed after signing is refused', async () => {
  const request = await signedRequest(caller, 'connection.refresh', {force: false});
  const t = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({...request.body, data: {force: true}});
  const verified = verifySignedRequest({
    urlAction: 'connection.refresh',
    header: stripeSigns(request.payload, t),
    body,
    secrets: [SECRET],
    nowSeconds: t,
  });
  expect(verified.ok || verified.refusal.reason).toBe('body_mismatch');
});
