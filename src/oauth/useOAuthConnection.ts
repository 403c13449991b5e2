import {useCallback, useEffect, useState} from 'react';
import {createOAuthState} from '@stripe/ui-extension-sdk/oauth';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import type {KeyringConfig} from '../config';
import {describeError, scopeFor, toSecretError} from '../secrets';
import {completeConnection, connectedUser, disconnect, type ConnectionDeps} from './connection';
import {authorizeUrl, OAuthError, redirectUri, type UserInfo} from './protocol';

/**
 * The OAuth connection as an explicit state machine:
 * idle (with a Connect link) → [provider] → exchanging → connected | failed;
 * connected → verifying → connected | failed; connected → disconnecting → idle.
 * Each state carries only its own data; every transition sets the next state whole.
 */
export type OAuthState =
  | {name: 'idle'}
  | {name: 'exchanging'}
  | {name: 'connected'; who?: UserInfo}
  | {name: 'verifying'}
  | {name: 'disconnecting'}
  | {name: 'failed'; message: string};

/** `oauthContext` stays set until a full reload (stripe/stripe-apps #649): each code is exchanged at most once. */
const handledReturns = new Set<string>();

function failed(err: unknown): OAuthState {
  return {name: 'failed', message: err instanceof OAuthError ? err.message : describeError(toSecretError(err))};
}

/** The state marker carries the user, so a sign-in started by one Dashboard user never lands in another's scope. */
const stateMarker = (userId: string) => `keyring:${userId}`;

export interface OAuthConnection {
  state: OAuthState;
  /** The provider's authorize URL, once prepared, while not connected. */
  connectHref?: string;
  verify: () => void;
  disconnect: () => void;
}

export function useOAuthConnection(
  context: ExtensionContextValue,
  config: KeyringConfig,
  options: {connected: boolean; onChange: () => void},
): OAuthConnection {
  const [state, setState] = useState<OAuthState>({name: 'idle'});
  const userId = context.userContext.id || '';
  const mode = context.environment.mode;
  const returnUri = redirectUri(config.appId, mode, config.dashboardOrigin);
  const {provider} = config;
  const {connected, onChange} = options;
  const {code, error, state: returnedState, verifier} = context.oauthContext || {};

  // Back from the provider: handle the return once.
  useEffect(() => {
    const key = code || (error ? `error:${returnedState || ''}:${error}` : undefined);
    if (!key || handledReturns.has(key)) return;
    handledReturns.add(key);
    // The link that led here is spent (the Dashboard forgets its verifier on return): the next Connect starts afresh.
    setHref(undefined);
    if (error) {
      setState({name: 'failed', message: error === 'access_denied' ? 'You cancelled the sign-in. Connect again when you’re ready.' : `The sign-in failed (${error}). Connect again.`});
      return;
    }
    if (!code || !verifier || !returnedState || !returnedState.endsWith(stateMarker(userId))) {
      setState({name: 'failed', message: 'This sign-in could not be verified (its state does not match). Connect again.'});
      return;
    }
    setState({name: 'exchanging'});
    const deps: ConnectionDeps = {provider, scope: scopeFor('user', {id: userId})};
    completeConnection(deps, {code, verifier, redirectUri: returnUri})
      .then(() => {
        onChange();
        return connectedUser(deps).catch(() => undefined);
      })
      .then((who) => setState({name: 'connected', who}))
      .catch((err: unknown) => setState(failed(err)));
  }, [code, error, returnedState, verifier, userId, provider, returnUri, onChange]);

  // Not connected: prepare the Connect link (a PKCE challenge from the Dashboard, which keeps the verifier).
  // A link is used once: any return from the provider clears it, so the next Connect starts a fresh state.
  const [href, setHref] = useState<string>();
  const wantLink = !connected && href === undefined && userId !== '';
  useEffect(() => {
    if (!wantLink) return;
    let current = true;
    Promise.resolve(createOAuthState(stateMarker(userId)))
      .then(({state: oauthState, challenge}) => {
        if (current) setHref(authorizeUrl(provider, {redirectUri: returnUri, state: oauthState, challenge}));
      })
      .catch(() => current && setState({name: 'failed', message: 'Couldn’t start the sign-in. Reload and try again.'}));
    return () => {
      current = false;
    };
  }, [wantLink, userId, provider, returnUri]);

  const deps = useCallback((): ConnectionDeps => ({provider, scope: scopeFor('user', {id: userId})}), [provider, userId]);

  const verify = useCallback(() => {
    setState({name: 'verifying'});
    connectedUser(deps())
      .then((who) => setState({name: 'connected', who}))
      .catch((err: unknown) => {
        if (err instanceof OAuthError && (err.code === 'invalid_grant' || err.code === 'not_connected')) onChange();
        setState(failed(err));
      });
  }, [deps, onChange]);

  const disconnectNow = useCallback(() => {
    setState({name: 'disconnecting'});
    disconnect(deps())
      .then(() => {
        onChange();
        setState({name: 'idle'});
      })
      .catch((err: unknown) => setState(failed(err)));
  }, [deps, onChange]);

  return {state, connectHref: connected ? undefined : href, verify, disconnect: disconnectNow};
}
