import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';

type Roles = ExtensionContextValue['userContext']['roles'];

/** Whether the Dashboard user holds one of the roles the manifest allows to manage the account's API key. */
export function canManage(roles: Roles, allowed: readonly string[]): boolean {
  return (roles || []).some((role) => role.id !== undefined && allowed.includes(role.id));
}

const ROLE_NAMES: Record<string, string> = {
  admin: 'Administrator',
  super_admin: 'Super Administrator',
  developer: 'Developer',
  iam_admin: 'IAM Admin',
};

/** "an Administrator, Super Administrator or Developer" — who to ask. */
export function describeRoles(allowed: readonly string[]): string {
  const names = allowed.map((id) => ROLE_NAMES[id] || id);
  const last = names.pop() || 'administrator';
  return `an ${names.length ? `${names.join(', ')} or ` : ''}${last}`;
}
