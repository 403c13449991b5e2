import {Banner, Box, Divider, Inline} from '@stripe/ui-extension-sdk/ui';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import type {KeyringConfig} from '../config';
import {SECRET_LIMITS, SECRET_NAMES, type Query, type ScopeLists} from '../secrets';
import {ApiKeySection} from './ApiKeySection';
import {ConnectionSection} from './ConnectionSection';
import {ModeBadge, QueryStatus} from './common';

export interface CredentialsPanelProps {
  context: ExtensionContextValue;
  config: KeyringConfig;
  scopes: Query<ScopeLists>;
}

/** Tells the person when a scope is full: Stripe keeps at most 10 secrets per scope. */
function LimitNotice({lists}: {lists: ScopeLists}) {
  const full = [
    lists.account.length >= SECRET_LIMITS.maxPerScope ? 'this account' : undefined,
    lists.user.length >= SECRET_LIMITS.maxPerScope ? 'your own scope' : undefined,
  ].filter(Boolean);
  if (full.length === 0) return null;
  return (
    <Banner
      type="caution"
      title={`Stripe keeps at most ${SECRET_LIMITS.maxPerScope} secrets in ${full.join(' and ')}`}
      description="Replacing a saved key or connection still works; to add a new one, remove a secret you no longer need in the app’s settings."
    />
  );
}

/** The drawer's one panel: mode, the user's connection, the account's API key. */
export function CredentialsPanel({context, config, scopes}: CredentialsPanelProps) {
  return (
    <Box css={{stack: 'y', gap: 'large'}}>
      <Inline css={{gap: 'small'}}>
        <ModeBadge context={context} />
      </Inline>
      <QueryStatus query={scopes} what="credentials" />
      {scopes.status === 'ready' ? (
        <Box css={{stack: 'y', gap: 'large'}}>
          <LimitNotice lists={scopes.data} />
          <ConnectionSection
            context={context}
            config={config}
            saved={scopes.data.user.find((s) => s.name === SECRET_NAMES.oauth) ?? null}
            onChange={scopes.refetch}
          />
          <Divider />
          <ApiKeySection
            context={context}
            config={config}
            saved={scopes.data.account.find((s) => s.name === SECRET_NAMES.apiKey) ?? null}
            onChange={scopes.refetch}
          />
        </Box>
      ) : null}
    </Box>
  );
}
