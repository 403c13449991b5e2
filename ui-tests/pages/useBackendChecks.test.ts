/**
 * @jest-environment ./ui-tests/support/jsdom-node.ts
 */
import {act, renderHook, waitFor} from '@testing-library/react';
import {parseConfig, type KeyringConfig} from '../../src/config';
import {useBackendChecks} from '../../src/pages/drawer/useBackendChecks';
import {dashboardPerFile} from '../support/per-file';
import {ADA, VIC} from '../support/dashboard';

/**
 * *Test from the backend*'s view model: offered only where a backend is configured, the connection check once
 * connected, the key check once a key is saved and only to the roles that manage it; a press while one runs starts
 * nothing; a backend that cannot be reached is said in words. (The answers from a real backend: ui-tests/e2e.)
 */
const dashboard = dashboardPerFile();
const signatures = () => dashboard().host.requests.filter((r) => r.path === '/v1/apps/app_embedded_backend_signature');

function open(backendUrl: string | undefined, connected = true, keyPresent = true) {
  const context = dashboard().context();
  const config = {...(parseConfig(context.environment.constants) as KeyringConfig), backendUrl};
  return renderHook(() => useBackendChecks(context, config, connected, keyPresent));
}

it('offers nothing without a backend', () => {
  expect(open(undefined).result.current).toEqual([]);
});

it('offers the connection check once connected, and the key check once saved, to the roles that manage it', async () => {
  await dashboard().signIn(ADA);
  const labels = (connected: boolean, keyPresent: boolean) =>
    open('http://127.0.0.1:1/', connected, keyPresent).result.current.map((c) => c.label);
  expect(labels(true, true)).toEqual(['Check connection from the backend', 'Check the API key from the backend']);
  expect(labels(false, true)).toEqual(['Check the API key from the backend']);
  expect(labels(true, false)).toEqual(['Check connection from the backend']);
  await dashboard().signIn(VIC);
  expect(labels(true, true)).toEqual(['Check connection from the backend']);
  await dashboard().signIn(ADA);
});

it('a backend that cannot be reached: one request for two presses, then the answer in words', async () => {
  const before = signatures().length;
  // Port 1 on the loopback refuses connections: the request is signed, then cannot be sent.
  const {result} = open('http://127.0.0.1:1/');
  act(() => result.current[0].press());
  expect(result.current[0].pending).toBe(true);
  act(() => result.current[0].press());
  await waitFor(() => expect(result.current[0].outcome).toBeDefined());
  expect(result.current[0]).toMatchObject({
    pending: false,
    outcome: {ok: false, text: 'Couldn’t reach Keyring’s backend. Try again in a moment.'},
  });
  expect(signatures().length - before).toBe(1);
});
