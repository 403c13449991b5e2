import {Banner} from '@stripe/ui-extension-sdk/ui';
import {SECRET_LIMITS, type ScopeLists} from '../secrets';

/** Tells the person when a scope is full: Stripe keeps at most 10 secrets per scope. */
export function LimitNotice({lists}: {lists: ScopeLists}) {
  const max = SECRET_LIMITS.maxPerScope;
  const full = [lists.account.length >= max && 'this account', lists.user.length >= max && 'your own scope'].filter(Boolean);
  if (!full.length) return null;
  return (
    <Banner
      type="caution"
      title={`Stripe keeps at most ${max} secrets in ${full.join(' and ')}`}
      description="Replacing still works; to add one, delete a secret in the app’s settings."
    />
  );
}
