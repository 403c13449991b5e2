import {useMemo, type ReactNode} from 'react';
import {Badge, Banner, Box, Inline, Spinner} from '@stripe/ui-extension-sdk/ui';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {ConfigError, parseConfig, type KeyringConfig} from '../config';
import type {Query} from '../secrets';
import {ErrorBanner} from './ErrorBanner';

type Gap = 'xxsmall' | 'xsmall' | 'small' | 'medium' | 'large';

/** A vertical stack: the layout every section uses. */
export function Stack({gap, children}: {gap: Gap; children: ReactNode}) {
  return <Box css={{stack: 'y', gap}}>{children}</Box>;
}

/** A horizontal row, optionally centred vertically (a badge beside a heading, a spinner beside words). */
export function Row({gap, center, children}: {gap: Gap; center?: boolean; children: ReactNode}) {
  return <Inline css={{gap, alignY: center ? 'center' : undefined}}>{children}</Inline>;
}

/** The configuration from the manifest's constants, or the error that says what is missing. Parsed once per view. */
export function useConfig(context: ExtensionContextValue): KeyringConfig | ConfigError {
  const constants = context.environment.constants;
  return useMemo(() => {
    try {
      return parseConfig(constants);
    } catch (err) {
      return err instanceof ConfigError ? err : new ConfigError(String(err));
    }
  }, [constants]);
}

/** What every view shows instead of itself when the manifest's constants are unusable. */
export function ConfigBanner({error}: {error: ConfigError}) {
  return <Banner type="critical" title="Keyring is not configured" description={error.message} />;
}

/** Test or live mode, always visible: each has its own Secret Store. */
export function ModeBadge({context}: {context: ExtensionContextValue}) {
  const live = context.environment.mode === 'live';
  return <Badge type={live ? 'info' : 'warning'}>{live ? 'Live mode' : 'Test mode'}</Badge>;
}

/** A query's loading and error states, shown the same way everywhere; nothing once it is ready. */
export function QueryStatus({query, what}: {query: Query<unknown>; what: string}) {
  if (query.status === 'error') return <ErrorBanner error={query.error} onRetry={query.refetch} />;
  if (query.status !== 'loading') return null;
  return (
    <Row gap="small" center>
      <Spinner size="small" />
      <Box>{`Loading ${what}…`}</Box>
    </Row>
  );
}
