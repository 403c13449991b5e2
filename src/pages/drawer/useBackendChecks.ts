import {useState} from 'react';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import type {KeyringConfig} from '../../config';
import {checkApiKeyAtBackend, checkConnectionAtBackend, type Outcome} from '../../backend/checks';
import {backendCaller, type BackendCaller} from '../../backend/request';
import {useSecretAction} from '../../data/query';
import {canManage} from '../../permissions';
import type {BackendCheck} from '../../components/BackendChecks';

/** One action with its last answer; the shared action hook keeps a second press from starting another request. */
function useCheck(label: string, run: () => Promise<Outcome>): BackendCheck {
  const [outcome, setOutcome] = useState<Outcome>();
  const action = useSecretAction(run);
  return {
    label,
    pending: action.pending,
    outcome: action.pending ? undefined : outcome,
    press: () => {
      void action.run().then((result) => {
        if (result.ok) setOutcome(result.value);
      });
    },
  };
}

/**
 * *Test from the backend*, where a backend is configured: the connection check once the person is connected, and the
 * API-key check once a key is saved, for the roles that manage the key only (the backend requires them, signed).
 */
export function useBackendChecks(
  context: ExtensionContextValue,
  config: KeyringConfig,
  connected: boolean,
  keyPresent: boolean,
): BackendCheck[] {
  const caller = backendCaller(config.backendUrl, context);
  const connection = useCheck('Check connection from the backend', () =>
    checkConnectionAtBackend(caller as BackendCaller, config),
  );
  const apiKey = useCheck('Check the API key from the backend', () =>
    checkApiKeyAtBackend(caller as BackendCaller, config),
  );
  if (!caller) return [];
  return [
    ...(connected ? [connection] : []),
    ...(keyPresent && canManage(context.userContext.roles, config.manageRoles) ? [apiKey] : []),
  ];
}
