import {useCallback, useEffect, useRef, useState} from 'react';
import {toSecretError, type SecretErrorDetail} from '../secrets';

/**
 * The React side of the Secret Store (src/secrets is plain functions, no React state): hooks the pages use to read and
 * change secrets. Reads: loading, error and refetch. Actions: one at a time (a second
 * press while one is pending is ignored), and they never touch the caller's input — the caller clears its field only
 * when the result says `ok`, so a failure keeps what the person typed.
 */

export type QueryState<T> =
  {status: 'loading'} | {status: 'ready'; data: T; refreshing: boolean} | {status: 'error'; error: SecretErrorDetail};

export type Query<T> = QueryState<T> & {refetch: () => void};

/** Runs `load` when `key` changes and on `refetch`; a late answer to an older request is dropped. */
export function useSecretQuery<T>(key: string, load: () => Promise<T>): Query<T> {
  const loadRef = useRef(load);
  loadRef.current = load;
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<QueryState<T>>({status: 'loading'});

  useEffect(() => {
    let current = true;
    setState((previous) => (previous.status === 'ready' ? {...previous, refreshing: true} : {status: 'loading'}));
    loadRef.current().then(
      (data) => current && setState({status: 'ready', data, refreshing: false}),
      (thrown: unknown) => current && setState({status: 'error', error: toSecretError(thrown)}),
    );
    return () => {
      current = false;
    };
  }, [key, version]);

  const refetch = useCallback(() => setVersion((v) => v + 1), []);
  return {...state, refetch};
}

export type ActionResult<R> = {ok: true; value: R} | {ok: false; error?: SecretErrorDetail; busy?: true};

/** `thrown` is what the action threw, for a caller whose action can fail in other ways than the Secret Store's. */
export type ActionState =
  | {status: 'idle'}
  | {status: 'pending'}
  | {status: 'done'}
  | {status: 'error'; error: SecretErrorDetail; thrown: unknown};

export interface Action<Args extends unknown[], R> {
  run: (...args: Args) => Promise<ActionResult<R>>;
  state: ActionState;
  pending: boolean;
}

export function useSecretAction<Args extends unknown[], R>(action: (...args: Args) => Promise<R>): Action<Args, R> {
  const actionRef = useRef(action);
  actionRef.current = action;
  const inFlight = useRef(false);
  const [state, setState] = useState<ActionState>({status: 'idle'});

  const run = useCallback(async (...args: Args): Promise<ActionResult<R>> => {
    if (inFlight.current) return {ok: false, busy: true};
    inFlight.current = true;
    setState({status: 'pending'});
    try {
      const value = await actionRef.current(...args);
      setState({status: 'done'});
      return {ok: true, value};
    } catch (thrown) {
      const error = toSecretError(thrown);
      setState({status: 'error', error, thrown});
      return {ok: false, error};
    } finally {
      inFlight.current = false;
    }
  }, []);

  return {run, state, pending: state.status === 'pending'};
}
