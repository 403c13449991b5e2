import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import type {SecretScope} from './types';
import {SecretStoreError} from './errors';

declare const resolved: unique symbol;

/**
 * A scope the app may send. Only `scopeFor` makes one, and it takes the user from the Dashboard's `userContext`,
 * so a user scope can never be built from input or name another user.
 * @see https://docs.stripe.com/stripe-apps/store-secrets (UI extensions reach the account scope and their own user's)
 */
export type ResolvedScope = SecretScope & {readonly [resolved]: true};

export type ScopeKind = SecretScope['type'];

export type UserContext = Pick<ExtensionContextValue['userContext'], 'id'>;

export function scopeFor(kind: ScopeKind, userContext: UserContext): ResolvedScope {
  if (kind === 'account') return {type: 'account'} as ResolvedScope;
  const user = userContext.id;
  if (!user) {
    throw new SecretStoreError({
      kind: 'invalid',
      param: 'scope[user]',
      message: 'No Dashboard user is signed in.',
    });
  }
  return {type: 'user', user} as ResolvedScope;
}
