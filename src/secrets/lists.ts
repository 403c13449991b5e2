import {listSecrets, type SecretMetadata} from './api';
import {SECRET_NAMES} from './names';
import {scopeFor, type ScopeKind, type UserContext} from './scope';

export interface ScopeLists {
  account: SecretMetadata[];
  user: SecretMetadata[];
}

/** Both scopes the app can reach, listed together: two requests in flight at once, no payloads. */
export async function listBothScopes(userContext: UserContext): Promise<ScopeLists> {
  const [account, user] = await Promise.all([
    listSecrets(scopeFor('account', userContext)),
    listSecrets(scopeFor('user', userContext)),
  ]);
  return {account, user};
}

/** The app's own secrets, by role. */
export type OwnSecret = keyof typeof SECRET_NAMES;

/** Where the app keeps each: the API key for the whole account, the connection in the signed-in user's own scope. */
const OWN_SCOPE: Record<OwnSecret, ScopeKind> = {apiKey: 'account', oauth: 'user'};

/** Whether a listed secret is the app's own `which`: its name, in the scope the app keeps it in. */
export function isOwnSecret(secret: SecretMetadata, which: OwnSecret): boolean {
  return secret.name === SECRET_NAMES[which] && secret.scope.type === OWN_SCOPE[which];
}

/** The app's own `which` in the lists (metadata only), or null when it is not saved. */
export function findOwnSecret(lists: ScopeLists, which: OwnSecret): SecretMetadata | null {
  return lists[OWN_SCOPE[which]].find((secret) => isOwnSecret(secret, which)) || null;
}
