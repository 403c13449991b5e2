import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import type {KeyringConfig} from '../../config';
import {findOwnSecret, SECRET_LIMITS, type ScopeLists} from '../../secrets';
import {useScopeLists, type Query} from '../../data/query';
import type {ApiKeySectionProps} from '../../components/ApiKeySection';
import type {BackendCheck} from '../../components/BackendChecks';
import type {ConnectionSectionProps} from '../../components/ConnectionSection';
import {useBackendChecks} from './useBackendChecks';
import {useApiKey} from './useApiKey';
import {useConnection} from './useConnection';

/**
 * What the drawer page shows and does: everything its JSX reads, worked out here. Each section's data and actions are
 * one field, so a new one (another action, another section) is one more hook and one more field.
 */
export interface DrawerPageModel {
  /** On an object page, once the lists are read: whether the user can act for that object, and why not. */
  object?: {sentence: string; connected: boolean; keyPresent: boolean};
  /** The lists' query: its loading and error states, and Try again. */
  scopes: Query<ScopeLists>;
  /**
   * Once the lists are read: the scopes that are full (Stripe keeps at most 10 secrets in each), for the limit notice;
   * empty when none is.
   */
  full?: string[];
  connection: ConnectionSectionProps;
  apiKey: ApiKeySectionProps;
  /** *Test from the backend*: its actions the person can use now (none without a backend). */
  backendChecks: BackendCheck[];
}

/** What a person calls the object: a charge and a payment intent are both a payment. */
const objectName = (object: string) => (object === 'charge' || object === 'payment_intent' ? 'payment' : object);

/** The drawer's description: the object in view, or the provider's name on the default drawer. */
export function drawerDescription(context: ExtensionContextValue, config: KeyringConfig): string {
  const object = context.environment.objectContext;
  return object
    ? `Credentials for this ${objectName(object.object)} (${object.id})`
    : `Your ${config.provider.name} credentials`;
}

/**
 * The drawer page's view model: both scopes' lists, the user's connection and the account's API key, and what they
 * mean for the object in view. Every change refetches the lists.
 */
export function useDrawerPage(context: ExtensionContextValue, config: KeyringConfig): DrawerPageModel {
  const scopes = useScopeLists(context);
  const lists = scopes.status === 'ready' ? scopes.data : undefined;
  // Undefined until the lists are read, then the saved metadata or null.
  const savedConnection = lists && findOwnSecret(lists, 'oauth');
  const savedKey = lists ? findOwnSecret(lists, 'apiKey') : null;
  const connected = !!savedConnection;
  const keyPresent = !!savedKey;
  const connection = useConnection(context, config, savedConnection, scopes.refetch);
  const apiKey = useApiKey(context, config, savedKey, scopes.refetch);
  const backendChecks = useBackendChecks(context, config, connected, keyPresent);

  const object = context.environment.objectContext;
  const provider = config.provider.name;
  const name = object ? objectName(object.object) : undefined;
  const missing = [!connected && 'connect your account', !keyPresent && `save the ${config.apiKey.label}`].filter(
    Boolean,
  );
  const sentence =
    connected && keyPresent
      ? `You can act on this ${name} in ${provider}.`
      : `To act on this ${name} in ${provider}, ${missing.join(' and ')}.`;
  return {
    object: object && lists ? {sentence, connected, keyPresent} : undefined,
    scopes,
    full:
      lists &&
      [lists.account, lists.user].flatMap((list, i) =>
        list.length < SECRET_LIMITS.maxPerScope ? [] : [i ? 'your own scope' : 'this account'],
      ),
    connection,
    apiKey,
    backendChecks,
  };
}
