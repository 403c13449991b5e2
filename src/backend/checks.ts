import type {KeyringConfig} from '../config';
import {describeBackendFailure, describeOAuthError, fromBackendReason} from '../oauth/errors';
import {BackendError, callBackend, type BackendCaller} from './request';

/**
 * *Test from the backend*: the two actions a person can ask the backend to do with what the views saved, and their
 * answers in words. Every answer is typed (the backend's `reason` codes, `BackendError`'s failures); no text is matched.
 * Neither answer ever carries a token or the key.
 */
export interface Outcome {
  ok: boolean;
  text: string;
}

type Answer = {ok: boolean; reason?: string; accepted?: boolean; who?: {sub: string; name?: string; email?: string}};

async function ask(
  caller: BackendCaller,
  action: 'connection.check' | 'api_key.check',
  words: (a: Answer) => Outcome,
): Promise<Outcome> {
  try {
    return words(await callBackend<Answer>(caller, action));
  } catch (err) {
    return {ok: false, text: describeBackendFailure(err instanceof BackendError ? err.detail : {code: 'unreachable'})};
  }
}

/** `connection.check`: the backend reads the person's connection, refreshes it when due and asks the provider who it is. */
export const checkConnectionAtBackend = (caller: BackendCaller, config: KeyringConfig) =>
  ask(caller, 'connection.check', ({ok, who, reason}) =>
    ok && who
      ? {ok, text: `The backend reached ${config.provider.name} as ${who.email || who.name || who.sub}.`}
      : // Its reasons are the connection's own codes (not_connected, revoked, timeout, …), worded as the views word them.
        {ok: false, text: `From the backend: ${describeOAuthError(fromBackendReason(reason))}`},
  );

/** `api_key.check` (role-gated): the backend calls the provider with the account's key; only the verdict comes back. */
export const checkApiKeyAtBackend = (caller: BackendCaller, config: KeyringConfig) =>
  ask(caller, 'api_key.check', ({ok, accepted}) =>
    ok
      ? {
          ok: !!accepted,
          text: `${config.provider.name} ${accepted ? 'accepted' : 'refused'} the ${config.apiKey.label} the backend sent.`,
        }
      : {ok: false, text: 'The backend found no API key saved for this account.'},
  );
