import {useState} from 'react';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import type {KeyringConfig} from '../../config';
import {
  deleteSecret,
  describeError,
  nowInSeconds,
  scopeFor,
  SECRET_NAMES,
  sendSave,
  type SecretMetadata,
} from '../../secrets';
import {useSecretAction} from '../../data/query';
import {canManage, describeRoles} from '../../permissions';
import {expiryText, formatDateTime} from '../../components/format';
import type {ApiKeySectionProps} from '../../components/ApiKeySection';
import {checkApiKeyForm, describeFormIssue, type FormIssue} from './apiKeyForm';

/**
 * The account's API key: its status from metadata only, and the save and remove actions. A failed save keeps what was
 * typed; a second press while one is pending starts nothing; after a change, `onChange` (the lists' refetch).
 */
export function useApiKey(
  context: ExtensionContextValue,
  config: KeyringConfig,
  saved: SecretMetadata | null,
  onChange: () => void,
): ApiKeySectionProps {
  const [key, setKey] = useState('');
  const [expiry, setExpiry] = useState('');
  const [issues, setIssues] = useState<{key?: FormIssue; expiry?: FormIssue}>({});
  const scope = scopeFor('account', context.userContext);
  const save = useSecretAction(sendSave);
  const remove = useSecretAction(() => deleteSecret(scope, SECRET_NAMES.apiKey));
  const locale = context.userContext.locale || 'en';
  const label = config.apiKey.label;

  function submit() {
    if (save.pending) return;
    const checked = checkApiKeyForm(config.apiKey, scope, key, expiry);
    setIssues(checked.ok ? {} : checked.issues);
    if (checked.ok) {
      void save.run(checked.request).then((ok) => {
        if (!ok) return;
        setKey('');
        setExpiry('');
        onChange();
      });
    }
  }

  const words = (issue?: FormIssue) => issue && describeFormIssue(issue, config.apiKey);
  const failure = save.error || remove.error;
  return {
    label,
    saved,
    status: saved
      ? [`Saved ${formatDateTime(saved.created, locale)}`, expiryText(saved.expires_at, nowInSeconds(), locale)]
      : [`No ${label} is saved for this account yet.`],
    failure: failure && {
      title: `Couldn’t ${save.error ? 'save' : 'remove'} the ${label}`,
      description: describeError(failure),
    },
    form: canManage(context.userContext.roles, config.manageRoles)
      ? {
          key: {value: key, error: words(issues.key), set: setKey},
          expiry: {value: expiry, error: words(issues.expiry), set: setExpiry},
          saving: !!save.pending,
          submit,
          removing: !!remove.pending,
          remove: () => void remove.run().then((ok) => ok && onChange()),
        }
      : undefined,
    whoMay: describeRoles(config.manageRoles),
  };
}
