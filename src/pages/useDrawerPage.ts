import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {ConfigError} from '../config';
import {findOwnSecret, useScopeLists} from '../secrets';
import type {CredentialsPanelProps} from '../components/CredentialsPanel';
import {useConfig} from './useConfig';

/** What the drawer page shows: everything its JSX reads, worked out here. */
export type DrawerPageModel =
  | {status: 'unconfigured'; error: ConfigError}
  | {
      status: 'ready';
      description: string;
      /** On an object page, once the lists are read: whether the user can act for that object, and why not. */
      object?: {sentence: string; connected: boolean; keyPresent: boolean};
      panel: CredentialsPanelProps;
    };

/** What a person calls the object: a charge and a payment intent are both a payment. */
const objectName = (object: string) => (object === 'charge' || object === 'payment_intent' ? 'payment' : object);

/** The drawer page's view model: the configuration, both scopes' lists, and what they mean for the object in view. */
export function useDrawerPage(context: ExtensionContextValue): DrawerPageModel {
  const config = useConfig(context);
  const scopes = useScopeLists(context);
  if (config instanceof ConfigError) return {status: 'unconfigured', error: config};

  const object = context.environment.objectContext;
  const provider = config.provider.name;
  const name = object ? objectName(object.object) : undefined;
  const description = object ? `Credentials for this ${name} (${object.id})` : `Your ${provider} credentials`;
  const panel = {context, config, scopes};
  if (!object || scopes.status !== 'ready') return {status: 'ready', description, panel};

  const connected = findOwnSecret(scopes.data, 'oauth') !== null;
  const keyPresent = findOwnSecret(scopes.data, 'apiKey') !== null;
  const missing = [!connected && 'connect your account', !keyPresent && `save the ${config.apiKey.label}`].filter(Boolean);
  const sentence =
    connected && keyPresent ? `You can act on this ${name} in ${provider}.` : `To act on this ${name} in ${provider}, ${missing.join(' and ')}.`;
  return {status: 'ready', description, object: {sentence, connected, keyPresent}, panel};
}
