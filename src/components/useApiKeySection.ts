import {useState} from 'react';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import type {KeyringConfig} from '../config';
import {
  deleteSecret,
  describeError,
  nowInSeconds,
  saveSecret,
  scopeFor,
  SECRET_NAMES,
  SecretStoreError,
  useSecretAction,
  validateExpiry,
  type SecretMetadata,
} from '../secrets';
import {canManage, describeRoles} from '../permissions';
import {endOfDay, expiryText, formatDateTime} from './format';

type FieldErrors = {key?: string; expiry?: string};

/** Checks made before sending: the format from the manifest, and an expiry date in the future. */
function checkInput(config: KeyringConfig, key: string, expiry: string): {errors: FieldErrors; expiresAt?: number} {
  const errors: FieldErrors = {};
  if (key.trim() === '') errors.key = `Enter the ${config.apiKey.label}.`;
  else if (config.apiKey.format && !new RegExp(config.apiKey.format).test(key.trim())) {
    errors.key = `This doesn’t look like an ${config.apiKey.label}${config.apiKey.example ? `: expected ${config.apiKey.example}` : ''}.`;
  }
  const expiresAt = endOfDay(expiry);
  if (expiresAt !== undefined) {
    if (Number.isNaN(expiresAt)) errors.expiry = 'Expiry date is not a date.';
    else {
      try {
        validateExpiry(expiresAt, nowInSeconds());
      } catch (err) {
        // validateExpiry throws only SecretStoreError, whose message names the rule.
        errors.expiry = (err as SecretStoreError).detail.message;
      }
    }
  }
  return {errors, expiresAt};
}

/**
 * The API key section's view model: the saved key's status lines (from metadata only), the failure to show, and —
 * for a user who may change the key — the form's fields, their errors and the actions. A failed save keeps what was
 * typed; a second press while one is pending starts nothing.
 */
export function useApiKeySection(context: ExtensionContextValue, config: KeyringConfig, saved: SecretMetadata | null, onChange: () => void) {
  const [key, setKey] = useState('');
  const [expiry, setExpiry] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const scope = scopeFor('account', context.userContext);
  const save = useSecretAction((value: string, expiresAt?: number) =>
    saveSecret(scope, SECRET_NAMES.apiKey, value, {expiresAt, payloadLabel: config.apiKey.label}),
  );
  const remove = useSecretAction(() => deleteSecret(scope, SECRET_NAMES.apiKey));
  const locale = context.userContext.locale || 'en';
  const label = config.apiKey.label;

  async function submit() {
    if (save.pending) return;
    const {errors, expiresAt} = checkInput(config, key, expiry);
    setFieldErrors(errors);
    if (errors.key || errors.expiry) return;
    const result = await save.run(key.trim(), expiresAt);
    if (result.ok) {
      setKey('');
      setExpiry('');
      onChange();
    }
  }

  const failure = save.state.status === 'error' ? save.state.error : remove.state.status === 'error' ? remove.state.error : undefined;
  return {
    label,
    /** When the saved key was saved and when it expires, or what to say when there is none. */
    status: saved
      ? {saved: `Saved ${formatDateTime(saved.created, locale)}`, expiry: expiryText(saved.expires_at, nowInSeconds(), locale)}
      : {none: `No ${label} is saved for this account yet.`},
    failure: failure && {title: `Couldn’t ${save.state.status === 'error' ? 'save' : 'remove'} the ${label}`, description: describeError(failure)},
    form: canManage(context.userContext.roles, config.manageRoles)
      ? {
          key: {value: key, error: fieldErrors.key, set: setKey},
          expiry: {value: expiry, error: fieldErrors.expiry, set: setExpiry},
          saving: save.pending,
          submit: () => void submit(),
          removing: remove.pending,
          remove: () => void remove.run().then((result) => result.ok && onChange()),
        }
      : undefined,
    whoMay: describeRoles(config.manageRoles),
  };
}
