import type {ApiKeyConfig} from '../../config';
import {
  describeIssue,
  prepareSave,
  SECRET_NAMES,
  type ResolvedScope,
  type SaveRequest,
  type ValidationIssue,
} from '../../secrets';
import {endOfDay} from '../../components/format';

/**
 * The API key form's one validation: the manifest's format, the date field read as the end of that day, then the
 * Secret Store's own rules (`prepareSave`). The form reads the typed issues by field; a request that passed is sent as
 * it is, never checked again.
 */
export type FormIssue =
  | ValidationIssue
  | {param: 'payload'; rule: 'format'}
  | {param: 'expires_at'; rule: 'not_a_date'};

export type FormCheck = {ok: true; request: SaveRequest} | {ok: false; issues: {key?: FormIssue; expiry?: FormIssue}};

export function checkApiKeyForm(config: ApiKeyConfig, scope: ResolvedScope, key: string, expiry: string): FormCheck {
  const value = key.trim();
  const expiresAt = endOfDay(expiry);
  const notADate = Number.isNaN(expiresAt);
  const prepared = prepareSave(scope, SECRET_NAMES.apiKey, value, {expiresAt: notADate ? undefined : expiresAt});
  const found = prepared.ok ? [] : prepared.issues;
  const issues: {key?: FormIssue; expiry?: FormIssue} = {
    key:
      value && config.format && !new RegExp(config.format).test(value)
        ? {param: 'payload', rule: 'format'}
        : found.find((i) => i.param !== 'expires_at'),
    expiry: notADate ? {param: 'expires_at', rule: 'not_a_date'} : found.find((i) => i.param === 'expires_at'),
  };
  return prepared.ok && !issues.key && !issues.expiry ? {ok: true, request: prepared.request} : {ok: false, issues};
}

/** The words beside a field for its issue. */
export function describeFormIssue(issue: FormIssue, config: ApiKeyConfig): string {
  if (issue.rule === 'format')
    return `This doesn’t look like an ${config.label}${config.example ? `: expected ${config.example}` : ''}.`;
  return issue.rule === 'not_a_date' ? 'Expiry date is not a date.' : describeIssue(issue, config.label);
}
