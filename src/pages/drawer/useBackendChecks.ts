import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import type {KeyringConfig} from '../../config';
import {callBackend, backendCaller, type BackendAction, type BackendCaller} from '../../backend/request';
import {describeFailure, describeOAuthError, fromBackendReason} from '../../oauth/errors';
import type {UserInfo} from '../../oauth/protocol';
import {useSecretAction} from '../../data/query';
import {canManage} from '../../permissions';
import type {BackendCheck, Outcome} from '../../components/BackendChecks';

/** What the backend answers either check; neither answer ever carries a token or the key. */
type Answer = {ok: boolean; reason?: string; accepted?: boolean; who?: UserInfo};

/**
 * One action with its last answer in words; the shared action hook keeps a second press from starting another request.
 * Every answer is typed (the backend's `reason` codes, `backend_failed`'s failures); no text is matched.
 */
function useCheck(
  label: string,
  caller: BackendCaller | undefined,
  action: BackendAction,
  words: (answer: Answer) => Outcome,
): BackendCheck {
  const check = useSecretAction(() =>
    callBackend<Answer>(caller as BackendCaller, action).then(words, (err: unknown) => ({
      ok: false,
      text: describeFailure(err),
    })),
  );
  return {label, pending: !!check.pending, outcome: check.value, press: () => void check.run()};
}

/**
 * *Test from the backend*, where a backend is configured: the connection check once the person is connected (the
 * backend reads the connection, refreshes it when due and asks the provider who it is), and the API-key check once a
 * key is saved, for the roles that manage the key only (the backend requires them, signed, and calls the provider with
 * the key; only the verdict comes back).
 */
export function useBackendChecks(
  context: ExtensionContextValue,
  config: KeyringConfig,
  connected: boolean,
  keyPresent: boolean,
): BackendCheck[] {
  const caller = backendCaller(config.backendUrl, context);
  const provider = config.provider.name;
  const connection = useCheck('Check connection from the backend', caller, 'connection.check', ({ok, who, reason}) =>
    ok && who
      ? {ok, text: `The backend reached ${provider} as ${who.email || who.name || who.sub}.`}
      : // Its reasons are the connection's own codes (not_connected, revoked, timeout, …), in the views' own words.
        {ok: false, text: `From the backend: ${describeOAuthError(fromBackendReason(reason))}`},
  );
  const apiKey = useCheck('Check the API key from the backend', caller, 'api_key.check', ({ok, accepted}) =>
    ok
      ? {
          ok: !!accepted,
          text: `${provider} ${accepted ? 'accepted' : 'refused'} the ${config.apiKey.label} the backend sent.`,
        }
      : {ok: false, text: 'The backend found no API key saved for this account.'},
  );
  if (!caller) return [];
  return [
    ...(connected ? [connection] : []),
    ...(keyPresent && canManage(context.userContext.roles, config.manageRoles) ? [apiKey] : []),
  ];
}
