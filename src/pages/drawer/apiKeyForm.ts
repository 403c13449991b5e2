import type {ApiKeyConfig} from '../../config';
import {describeIssue, prepareSave, SECRET_NAMES, type ResolvedScope, type SaveRequest, type ValidationIssue} from '../../secrets';
import {endOfDay} from '../../components/format';

/**
 * The API key form's one validation: the manifest's format, the date field read as the end of that day, then the
 * Secret Store's own rules (`prepareSave`). The form reads the typed issues by field; a request that passed is sent as
 * it is, never checked again.
 */
export type FormIssue = ValidationIssue | {param: 'payload'; rule: 'format'} | {param: 'expires_at'; rule: 'not_a_date'};

export type FormCheck = {ok: true; request: SaveRequest} | {ok: false; issues: {key?: FormIssue; expiry?: FormIssue}};

export function checkApiKeyForm(config: ApiKeyConfig, scope: ResolvedScope, key: string, expiry: string): FormCheck {
  const value = key.trim();
  const expiresAt = endOfDay(expiry);
  const issues: {key?: FormIssue; expiry?: FormIssue} = {};
  if (value !== '' && config.format && !new RegExp(config.format).test(value)) issues.key = {param: 'payload', rule: 'format'};
  if (expiresAt !== undefined && Number.isNaN(expiresAt)) issues.expiry = {param: 'expires_at', rule: 'not_a_date'};
  const prepared = prepareSave(scope, SECRET_NAMES.apiKey, value, {expiresAt: issues.expiry ? undefined : expiresAt});
  if (!prepared.ok) {
    for (const issue of prepared.issues) {
      if (issue.param === 'expires_at') issues.expiry ??= issue;
      else issues.key ??= issue;
    }
  }
  return prepared.ok && !issues.key && !issues.expiry ? {ok: true, request: prepared.request} : {ok: false, issues};
}

/** The words beside a field for its issue. */
export function describeFormIssue(issue: FormIssue, config: ApiKeyConfig): string {
  if (issue.rule === 'format') return `This doesn’t look like an ${config.label}${config.example ? `: expected ${config.example}` : ''}.`;
  if (issue.rule === 'not_a_date') return 'Expiry date is not a date.';
  if (issue.param === 'payload' && issue.rule === 'empty') return `Enter the ${config.label}.`;
  return describeIssue(issue, config.label);
}
