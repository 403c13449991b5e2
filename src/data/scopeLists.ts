import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {listBothScopes, type ScopeLists} from '../secrets';
import {useSecretQuery, type Query} from './query';

/** The query behind every drawer and the settings page; it loads again only when the user, account or mode change. */
export function useScopeLists(context: ExtensionContextValue): Query<ScopeLists> {
  const {userContext, environment} = context;
  const key = `${environment.mode}:${userContext.account.id}:${userContext.id || ''}`;
  return useSecretQuery(key, () => listBothScopes(userContext));
}
