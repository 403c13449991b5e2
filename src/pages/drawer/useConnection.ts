import {useCallback, useEffect, useRef, useState} from 'react';
import {createOAuthState} from '../../sdk/host';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {backendCaller} from '../../backend/request';
import type {KeyringConfig} from '../../config';
import {scopeFor, type SecretMetadata} from '../../secrets';
import type {ConnectionSectionProps} from '../../components/ConnectionSection';
import {completeConnection, connectedUser, disconnect, type ConnectionDeps} from '../../oauth/connection';
import {transition, type OAuthEvent, type OAuthState} from '../../oauth/machine';
import {authorizeUrl, redirectUri} from '../../oauth/protocol';
import {
  describeFailure,
  describeOAuthError,
  OAuthError,
  type OAuthErrorCode,
  type OAuthErrorDetail,
} from '../../oauth/errors';

/** `oauthContext` stays set until a full reload (stripe/stripe-apps #649): each code is exchanged at most once. */
const handledReturns = new Set<string>();

/** The provider's return said no, or the sign-in could not start: nothing was sent. */
const refused = (detail: OAuthErrorDetail): OAuthEvent => ({type: 'refused', message: describeOAuthError(detail)});

/** A refused or missing connection: the saved secret is gone (or was never there), so the list is read again. */
const GONE: readonly OAuthErrorCode[] = ['revoked', 'invalid_grant', 'userinfo_refused', 'not_connected'];

/**
 * The drawer's OAuth connection: the machine's state (src/oauth/machine.ts), the Connect link, and the actions, each
 * run only when the machine allows it. `saved` is the user's saved connection (metadata only), null when there is none,
 * and undefined until the lists are read: nothing starts before then. `onChange` (the lists' refetch) runs after
 * anything that changed the secret.
 */
export function useConnection(
  context: ExtensionContextValue,
  config: KeyringConfig,
  saved: SecretMetadata | null | undefined,
  onChange: () => void,
): ConnectionSectionProps {
  const [state, setState] = useState<OAuthState>({name: 'idle'});
  // The state as of the last event, read synchronously so that a second press in the same moment starts nothing.
  const current = useRef(state);
  const userId = context.userContext.id || '';
  // The state marker carries the user, so a sign-in started by one Dashboard user never lands in another's scope.
  const marker = `keyring:${userId}`;
  const returnUri = redirectUri(config.appId, context.environment.mode, config.dashboardOrigin);
  const {provider, backendUrl} = config;
  const {code, error, state: returnedState, verifier} = context.oauthContext || {};

  const send = useCallback((event: OAuthEvent) => setState((current.current = transition(current.current, event))), []);

  /** Starts `work` when the table allows `event` now; its result is the next event, its failure `failed`. */
  const start = useCallback(
    (event: OAuthEvent, work: () => Promise<OAuthEvent>) => {
      if (transition(current.current, event) === current.current) return;
      send(event);
      // A step that throws before its first await fails the same way.
      Promise.resolve()
        .then(work)
        .then(send, (err: unknown) =>
          send({
            type: 'failed',
            message: describeFailure(err),
            revoked: err instanceof OAuthError && err.code === 'not_removed',
          }),
        );
    },
    [send],
  );

  const deps = useCallback(
    (): ConnectionDeps => ({
      provider,
      scope: scopeFor('user', {id: userId}),
      // With a backend, it alone refreshes the connection (one refresher across tabs, instances and webhooks).
      backend: backendCaller(backendUrl, context),
    }),
    [provider, userId, backendUrl, context],
  );

  const known = saved !== undefined;
  // Back from the provider: handle the return once, after the lists are read.
  useEffect(() => {
    const key = code || (error && `error:${returnedState}:${error}`);
    if (!known || !key || handledReturns.has(key)) return;
    handledReturns.add(key);
    // The link that led here is spent (the Dashboard forgets its verifier on return): the next Connect starts afresh.
    setHref(undefined);
    if (error) send(refused(error === 'access_denied' ? {code: error} : {code: 'sign_in_failed', error}));
    else if (!code || !verifier || !returnedState?.endsWith(marker)) send(refused({code: 'state_mismatch'}));
    else {
      start({type: 'exchange'}, async () => {
        await completeConnection(deps(), {code, verifier, redirectUri: returnUri});
        onChange();
        return {type: 'succeeded', who: await connectedUser(deps()).catch(() => undefined)};
      });
    }
  }, [known, code, error, returnedState, verifier, marker, returnUri, onChange, deps, send, start]);

  // Not connected: prepare the Connect link (a PKCE challenge from the Dashboard, which keeps the verifier).
  // A link is used once: any return from the provider clears it, so the next Connect starts a fresh state.
  const [href, setHref] = useState<string>();
  const wantLink = saved === null && !href && !!userId;
  useEffect(() => {
    if (!wantLink) return;
    let live = true;
    Promise.resolve(createOAuthState(marker))
      .then(({state: oauthState, challenge}) => {
        if (live) setHref(authorizeUrl(provider, {redirectUri: returnUri, state: oauthState, challenge}));
      })
      .catch(() => live && send(refused({code: 'not_started'})));
    return () => {
      live = false;
    };
  }, [wantLink, marker, provider, returnUri, send]);

  const verify = useCallback(
    () =>
      start({type: 'check'}, () =>
        connectedUser(deps()).then(
          (who): OAuthEvent => ({type: 'succeeded', who}),
          (err: unknown) => {
            if (err instanceof OAuthError && GONE.includes(err.code)) onChange();
            throw err;
          },
        ),
      ),
    [deps, onChange, start],
  );

  // Saved already when the view opens (a reload, another tab): check it once, so the view says who it is.
  const checkedOnOpen = useRef(false);
  useEffect(() => {
    if (!saved || checkedOnOpen.current || !userId) return;
    checkedOnOpen.current = true;
    if (current.current.name === 'idle') verify();
  }, [saved, userId, verify]);

  const disconnectNow = useCallback(
    () =>
      start({type: 'disconnect'}, () =>
        disconnect(deps()).then((): OAuthEvent => {
          onChange();
          return {type: 'disconnected'};
        }),
      ),
    [deps, onChange, start],
  );

  return {
    provider: provider.name,
    locale: context.userContext.locale || 'en',
    saved: saved || null,
    state,
    connectHref: saved ? undefined : href,
    verify,
    disconnect: disconnectNow,
  };
}
