import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {listSecrets, type SecretMetadata} from './api';
import {useSecretQuery, type Query} from './hooks';
import {scopeFor} from './scope';

export interface ScopeLists {
  account: SecretMetadata[];
  user: SecretMetadata[];
}

/** Both scopes the app can reach, listed together: two requests in flight at once, no payloads. */
export async function listBothScopes(userContext: ExtensionContextValue['userContext']): Promise<ScopeLists> {
  const [account, user] = await Promise.all([
    listSecrets(scopeFor('account', userContext)),
    listSecrets(scopeFor('user', userContext)),
  ]);
  return {account, user};
}

/** The query behind every drawer and the settings page; it loads again only when the user, account or mode change. */
export function useScopeLists(context: ExtensionContextValue): Query<ScopeLists> {
  const {userContext, environment} = context;
  const key = `${environment.mode}:${userContext.account.id}:${userContext.id || ''}`;
  return useSecretQuery(key, () => listBothScopes(userContext));
}
