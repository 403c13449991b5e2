/**
 * @jest-environment ./ui-tests/support/jsdom-node.ts
 */
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {act, renderHook, waitFor} from '@testing-library/react';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {parseConfig, type KeyringConfig} from '../../src/config';
import {useSettingsPage} from '../../src/pages/settings/useSettingsPage';
import {dashboardPerFile} from '../support/per-file';
import {ADA, VIC} from '../support/dashboard';

/**
 * The settings page's view model against one emulator for the file: the rows in order, who may delete what, and what
 * Delete does — the connection revoked at the provider first, anything else deleted — with the lists read again.
 * The provider is a stand-in that records what it is sent: the revoke request is the subject, not OAuth.
 */
const dashboard = dashboardPerFile();
const DAY = 86_400;
const now = () => Math.floor(Date.now() / 1000);

let provider: Server;
let providerUrl = '';
const revoked: string[] = [];
beforeAll(async () => {
  provider = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      revoked.push(`${req.method} ${req.url} ${new URLSearchParams(body).get('token_type_hint')}`);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => provider.close(() => resolve())));
afterEach(() => {
  revoked.length = 0;
});

function open() {
  const context: ExtensionContextValue = dashboard().context({viewportID: 'settings'});
  const config = parseConfig(context.environment.constants) as KeyringConfig;
  const withProvider = {...config, provider: {...config.provider, revokeUrl: `${providerUrl}/oauth/revoke`}};
  return renderHook(() => useSettingsPage(context, withProvider));
}

async function seed(
  name: string,
  scope: {type: 'account'} | {type: 'user'; user: string},
  payload = 'p',
  expiresAt?: number,
) {
  await dashboard().backend.apps.secrets.create({name, payload, scope, ...(expiresAt ? {expires_at: expiresAt} : {})});
}

const names = (rows: {secret: {name: string}}[] | undefined) => rows?.map((row) => row.secret.name);

describe('useSettingsPage', () => {
  it('every secret as one row, soonest expiry first, labelled, with usage per scope', async () => {
    await seed('zeta.never', {type: 'account'});
    await seed('keyring.api_key', {type: 'account'}, 'k', now() + 3 * DAY);
    await seed('keyring.oauth', {type: 'user', user: ADA.id}, '{}', now() + 20 * DAY);
    const {result, unmount} = open();
    await waitFor(() => expect(result.current.lists).toBeDefined());
    const {rows, usage} = result.current.lists!;
    expect(names(rows)).toEqual(['keyring.api_key', 'keyring.oauth', 'zeta.never']);
    expect(rows.map((r) => [r.label, r.soon, r.expired])).toEqual([
      ['Example Cloud API key', true, false],
      ['Your Example Cloud connection', false, false],
      [undefined, false, false],
    ]);
    expect(usage).toEqual({account: 2, user: 1});
    expect(result.current.lists?.whoMay).toBeUndefined();
    unmount();
  });

  it('Delete on the connection revokes at the provider first, then deletes; the lists are read again', async () => {
    await seed(
      'keyring.oauth',
      {type: 'user', user: ADA.id},
      JSON.stringify({v: 1, access_token: 'at', refresh_token: 'rt', token_type: 'Bearer'}),
    );
    const {result, unmount} = open();
    await waitFor(() => expect(result.current.lists?.rows).toHaveLength(1));
    const [row] = result.current.lists!.rows;
    expect(row.remove?.question).toBe(
      'Delete “Your Example Cloud connection”? Keyring revokes its access at Example Cloud and forgets your tokens.',
    );
    act(() => row.remove?.run());
    expect(result.current.lists?.rows[0].remove?.pending).toBe(true);
    await waitFor(() => expect(result.current.lists?.rows).toEqual([]));
    expect(revoked).toEqual(['POST /oauth/revoke refresh_token', 'POST /oauth/revoke access_token']);
    expect((await dashboard().backend.apps.secrets.list({scope: {type: 'user', user: ADA.id}})).data).toEqual([]);
    unmount();
  });

  it('Delete on any other secret deletes it and revokes nothing; a second press while it runs sends nothing more', async () => {
    await seed('old.token', {type: 'account'});
    const {result, unmount} = open();
    await waitFor(() => expect(result.current.lists?.rows).toHaveLength(1));
    const {remove} = result.current.lists!.rows[0];
    expect(remove?.question).toBe('Delete “old.token”? This can’t be undone.');
    act(() => {
      remove?.run();
      remove?.run();
    });
    await waitFor(() => expect(result.current.lists?.rows).toEqual([]));
    expect(
      dashboard()
        .host.requests.filter((r) => r.method === 'POST')
        .map((r) => r.path),
    ).toEqual(['/v1/apps/secrets/delete']);
    expect(revoked).toEqual([]);
    unmount();
  });

  it('a failing delete gives the row its words and keeps the secret', async () => {
    await seed('old.token', {type: 'account'});
    const {result, unmount} = open();
    await waitFor(() => expect(result.current.lists?.rows).toHaveLength(1));
    dashboard().emulator.injectFault({status: 500, times: 1, path: '/v1/apps/secrets/delete'});
    act(() => result.current.lists?.rows[0].remove?.run());
    await waitFor(() =>
      expect(result.current.lists?.rows[0].remove?.error).toBe(
        'Couldn’t reach Stripe. Check your connection and try again.',
      ),
    );
    expect(result.current.lists?.rows[0].remove?.pending).toBe(false);
    expect((await dashboard().backend.apps.secrets.list({scope: {type: 'account'}})).data).toHaveLength(1);
    unmount();
  });

  it('a view-only user may delete their own secrets, not the account’s', async () => {
    await seed('shared.thing', {type: 'account'});
    await seed('mine.thing', {type: 'user', user: VIC.id});
    await dashboard().signIn(VIC);
    const {result, unmount} = open();
    await waitFor(() => expect(result.current.lists?.rows).toHaveLength(2));
    expect(result.current.lists!.rows.map((r) => [r.secret.name, r.remove !== undefined])).toEqual([
      ['mine.thing', true],
      ['shared.thing', false],
    ]);
    expect(result.current.lists?.whoMay).toBe('an Administrator, Super Administrator or Developer');
    unmount();
  });
});
