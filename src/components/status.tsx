import {Badge, Banner, Box, Button, Spinner} from '../sdk/components';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import type {ConfigError} from '../config';
import {describeError} from '../secrets';
import type {Query} from '../data/query';
import {Row} from './layout';

/** What every view shows instead of itself when the manifest's constants are unusable. */
export function ConfigBanner({error}: {error: ConfigError}) {
  return <Banner type="critical" title="Keyring is not configured" description={error.message} />;
}

/** A yes/no status: positive when `on`, neutral otherwise. */
export function StatusBadge({on, yes, no}: {on: unknown; yes: string; no: string}) {
  return <Badge type={on ? 'positive' : 'neutral'}>{on ? yes : no}</Badge>;
}

/** Test or live mode, always visible: each has its own Secret Store. */
export function ModeBadge({context}: {context: ExtensionContextValue}) {
  const live = context.environment.mode === 'live';
  return <Badge type={live ? 'info' : 'warning'}>{live ? 'Live mode' : 'Test mode'}</Badge>;
}

/** A spinner and what is happening. */
export function Working({text}: {text: string}) {
  return (
    <Row gap="small" center>
      <Spinner size="small" />
      <Box>{text}</Box>
    </Row>
  );
}

/**
 * A query's loading and error states, shown the same way everywhere; nothing once it is ready. A failure gets the
 * shared words for it and a way to try again.
 */
export function QueryStatus({query, what}: {query: Query<unknown>; what: string}) {
  if (query.status === 'error') {
    return (
      <Banner
        type="critical"
        title="Something went wrong"
        description={describeError(query.error)}
        actions={<Button onPress={query.refetch}>Try again</Button>}
      />
    );
  }
  return query.status === 'loading' ? <Working text={`Loading ${what}…`} /> : null;
}
