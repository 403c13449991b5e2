import {useState} from 'react';
import {Banner, Box, Button, DateField, TextField} from '@stripe/ui-extension-sdk/ui';
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
  type SecretErrorDetail,
  type SecretMetadata,
} from '../secrets';
import {canManage, describeRoles} from '../permissions';
import {ConfirmButton} from './ConfirmButton';
import {endOfDay, expiryText, formatDateTime} from './format';
import {Heading, Row, Stack} from './layout';
import {StatusBadge} from './status';

export interface ApiKeySectionProps {
  context: ExtensionContextValue;
  config: KeyringConfig;
  /** The saved key's metadata (from list: never its value), or null. */
  saved: SecretMetadata | null;
  onChange: () => void;
}

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

/** The account's API key: status from metadata only; save or replace through a password field; remove with confirmation. */
export function ApiKeySection({context, config, saved, onChange}: ApiKeySectionProps) {
  const [key, setKey] = useState('');
  const [expiry, setExpiry] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const scope = scopeFor('account', context.userContext);
  const save = useSecretAction((value: string, expiresAt?: number) =>
    saveSecret(scope, SECRET_NAMES.apiKey, value, {expiresAt, payloadLabel: config.apiKey.label}),
  );
  const remove = useSecretAction(() => deleteSecret(scope, SECRET_NAMES.apiKey));
  const allowed = canManage(context.userContext.roles, config.manageRoles);
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

  const failure: SecretErrorDetail | undefined =
    save.state.status === 'error' ? save.state.error : remove.state.status === 'error' ? remove.state.error : undefined;

  return (
    <Stack gap="medium">
      <Heading text={label}>
        <StatusBadge on={saved} yes="Saved" no="Not saved" />
      </Heading>
      {saved ? (
        <Stack gap="xxsmall">
          <Box>{`Saved ${formatDateTime(saved.created, locale)}`}</Box>
          <Box>{expiryText(saved.expires_at, nowInSeconds(), locale)}</Box>
        </Stack>
      ) : (
        <Box>{`No ${label} is saved for this account yet.`}</Box>
      )}
      {failure ? <Banner type="critical" title={`Couldn’t ${save.state.status === 'error' ? 'save' : 'remove'} the ${label}`} description={describeError(failure)} /> : null}
      {allowed ? (
        <Stack gap="small">
          <TextField
            type="password"
            label={saved ? `Replace ${label}` : label}
            name="api-key"
            autoComplete="off"
            value={key}
            error={fieldErrors.key}
            description="Kept in Stripe’s Secret Store for this account; never shown again."
            onChange={(event) => setKey(event.target.value)}
            onKeyDown={(event) => event.key === 'Enter' && void submit()}
          />
          <DateField label="Expires on (optional)" value={expiry} error={fieldErrors.expiry} onChange={(value) => setExpiry(value)} />
          <Row gap="small">
            <Button type="primary" pending={save.pending} disabled={save.pending} onPress={() => void submit()}>
              {saved ? 'Replace key' : 'Save key'}
            </Button>
            {saved ? (
              <ConfirmButton
                label="Remove key"
                question={`Remove the ${label} for everyone on this account?`}
                confirmLabel="Yes, remove"
                pending={remove.pending}
                onConfirm={() => void remove.run().then((result) => result.ok && onChange())}
              />
            ) : null}
          </Row>
        </Stack>
      ) : (
        <Banner
          type="default"
          title={`Only ${describeRoles(config.manageRoles)} can change the ${label}`}
          description="Ask one of them to save, replace or remove it."
        />
      )}
    </Stack>
  );
}
