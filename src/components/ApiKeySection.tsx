import {Banner, Box, Button, DateField, TextField} from '../sdk/components';
import type {SecretMetadata} from '../secrets';
import {ConfirmButton} from './ConfirmButton';
import {Heading, Row, Stack} from './layout';
import {StatusBadge} from './status';

/** What the API key section shows and does; `form` only for a user who may change the key. */
export interface ApiKeySectionProps {
  label: string;
  saved: SecretMetadata | null;
  /** When the saved key was saved and when it expires, or what to say when there is none: one line each. */
  status: string[];
  failure?: {title: string; description: string};
  form?: {
    key: {value: string; error?: string; set: (value: string) => void};
    expiry: {value: string; error?: string; set: (value: string) => void};
    saving: boolean;
    submit: () => void;
    removing: boolean;
    remove: () => void;
  };
  /** Who may change it, for everyone else. */
  whoMay: string;
}

/**
 * The account's API key: status from metadata only; save or replace through a password field; remove with
 * confirmation.
 */
export function ApiKeySection({label, saved, status, failure, form, whoMay}: ApiKeySectionProps) {
  return (
    <Stack gap="medium">
      <Heading text={label}>
        <StatusBadge on={saved} yes="Saved" no="Not saved" />
      </Heading>
      <Stack gap="xxsmall">
        {status.map((line) => (
          <Box key={line}>{line}</Box>
        ))}
      </Stack>
      {failure ? <Banner type="critical" title={failure.title} description={failure.description} /> : null}
      {form ? (
        <Stack gap="small">
          <TextField
            type="password"
            label={saved ? `Replace ${label}` : label}
            name="api-key"
            autoComplete="off"
            value={form.key.value}
            error={form.key.error}
            description="Kept in Stripe’s Secret Store for this account; never shown again."
            onChange={(event) => form.key.set(event.target.value)}
            onKeyDown={(event) => event.key === 'Enter' && form.submit()}
          />
          <DateField
            label="Expires on (optional)"
            value={form.expiry.value}
            error={form.expiry.error}
            onChange={(value) => form.expiry.set(value)}
          />
          <Row gap="small">
            <Button type="primary" pending={form.saving} disabled={form.saving} onPress={form.submit}>
              {saved ? 'Replace key' : 'Save key'}
            </Button>
            {saved ? (
              <ConfirmButton
                label="Remove key"
                question={`Remove the ${label} for everyone on this account?`}
                confirmLabel="Yes, remove"
                pending={form.removing}
                onConfirm={form.remove}
              />
            ) : null}
          </Row>
        </Stack>
      ) : (
        <Banner
          type="default"
          title={`Only ${whoMay} can change the ${label}`}
          description="Ask one of them to save, replace or remove it."
        />
      )}
    </Stack>
  );
}
