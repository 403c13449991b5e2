import {useCallback, useEffect, useRef, useState} from 'react';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {listBothScopes, toSecretError, type ScopeLists, type SecretErrorDetail} from '../secrets';

/**
 * The React side of the Secret Store (src/secrets is plain functions, no React state): the hooks the pages use to read
 * and change secrets. The read: loading, error and refetch. Actions: one at a time (a second press while one is
 * pending is ignored), and they never touch the caller's input — the caller clears its field only when the run
 * resolves `true`, so a failure keeps what the person typed.
 */

export type QueryState<T> =
  | {status: 'loading'}
  | {status: 'ready'; data: T; refreshing: boolean}
  | {status: 'error'; error: SecretErrorDetail};

export type Query<T> = QueryState<T> & {refetch: () => void};

/**
 * Both scopes' lists, the query behind every drawer and the settings page: read again when the user, account or mode
 * change, and on `refetch`; a late answer to an older request is dropped.
 */
export function useScopeLists({userContext, environment}: ExtensionContextValue): Query<ScopeLists> {
  const user = userContext.id;
  const key = `${environment.mode}:${userContext.account.id}:${user}`;
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<QueryState<ScopeLists>>({status: 'loading'});

  useEffect(() => {
    let current = true;
    setState((previous) => (previous.status === 'ready' ? {...previous, refreshing: true} : {status: 'loading'}));
    listBothScopes({id: user}).then(
      (data) => current && setState({status: 'ready', data, refreshing: false}),
      (thrown: unknown) => current && setState({status: 'error', error: toSecretError(thrown)}),
    );
    return () => {
      current = false;
    };
  }, [key, user, version]);

  const refetch = useCallback(() => setVersion((v) => v + 1), []);
  return {...state, refetch};
}

/** An action's state: running, or how its last run ended — its value, or the Secret Store's words for its failure. */
export interface Action<Args extends unknown[], R> {
  /** Resolves `true` once the action succeeded; `false` when it failed, or did not start because one is pending. */
  run: (...args: Args) => Promise<boolean>;
  pending?: true;
  value?: R;
  error?: SecretErrorDetail;
}

export function useSecretAction<Args extends unknown[], R>(action: (...args: Args) => Promise<R>): Action<Args, R> {
  const actionRef = useRef(action);
  actionRef.current = action;
  const inFlight = useRef(false);
  const [state, setState] = useState<Omit<Action<Args, R>, 'run'>>({});

  const run = useCallback(async (...args: Args) => {
    if (inFlight.current) return false;
    inFlight.current = true;
    setState({pending: true});
    try {
      setState({value: await actionRef.current(...args)});
      return true;
    } catch (thrown) {
      setState({error: toSecretError(thrown)});
      return false;
    } finally {
      inFlight.current = false;
    }
  }, []);

  return {...state, run};
}
