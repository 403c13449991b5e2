import {canManage, describeRoles} from '../src/permissions';

/** Who may change the account's API key, from the Dashboard user's roles, and how a view names who to ask. */
describe('canManage', () => {
  it('any one allowed role is enough; no roles, or roles without ids, are not', () => {
    expect(canManage([{id: 'view_only'}, {id: 'developer'}] as never, ['admin', 'developer'])).toBe(true);
    expect(canManage([{id: 'view_only'}] as never, ['admin'])).toBe(false);
    expect(canManage([{name: 'Custom'}] as never, ['admin'])).toBe(false);
    expect(canManage(undefined as never, ['admin'])).toBe(false);
  });
});

describe('describeRoles', () => {
  it('names known roles, keeps unknown ids, and joins them as a sentence', () => {
    expect(describeRoles(['admin', 'super_admin', 'developer'])).toBe(
      'an Administrator, Super Administrator or Developer',
    );
    expect(describeRoles(['iam_admin'])).toBe('an IAM Admin');
    expect(describeRoles(['admin', 'support_lead'])).toBe('an Administrator or support_lead');
    expect(describeRoles([])).toBe('an administrator');
  });
});
