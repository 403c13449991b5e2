import {Banner, Divider} from '@stripe/ui-extension-sdk/ui';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import type {KeyringConfig} from '../config';
import {findOwnSecret, SECRET_LIMITS, type Query, type ScopeLists} from '../secrets';
import {ApiKeySection} from './ApiKeySection';
import {ConnectionSection} from './ConnectionSection';
import {Row, Stack} from './layout';
import {ModeBadge, QueryStatus} from './status';

export interface CredentialsPanelProps {
  context: ExtensionContextValue;
  config: KeyringConfig;
  scopes: Query<ScopeLists>;
}

/** Tells the person when a scope is full: Stripe keeps at most 10 secrets per scope. */
function LimitNotice({lists}: {lists: ScopeLists}) {
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

/** The drawer's one panel: mode, the user's connection, the account's API key. */
export function CredentialsPanel({context, config, scopes}: CredentialsPanelProps) {
  return (
    <Stack gap="large">
      <Row gap="small">
        <ModeBadge context={context} />
      </Row>
      <QueryStatus query={scopes} what="credentials" />
      {scopes.status === 'ready' ? (
        <Stack gap="large">
          <LimitNotice lists={scopes.data} />
          <ConnectionSection
            context={context}
            config={config}
            saved={findOwnSecret(scopes.data, 'oauth')}
            onChange={scopes.refetch}
          />
          <Divider />
          <ApiKeySection
            context={context}
            config={config}
            saved={findOwnSecret(scopes.data, 'apiKey')}
            onChange={scopes.refetch}
          />
        </Stack>
      ) : null}
    </Stack>
  );
}
