import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {findOwnSecret, isOwnSecret, listBothScopes, saveSecret, scopeFor, SECRET_NAMES} from '../../src/secrets';
import {startTestDashboard, type TestDashboard} from '../support/dashboard';

/** Finding the app's own secrets in the two lists the views read, against the emulator. */
let dashboard: TestDashboard;
beforeEach(async () => {
  dashboard = await startTestDashboard();
});
afterEach(() => dashboard.close());

const lists = () => listBothScopes({id: dashboard.user.id} as ExtensionContextValue['userContext']);

describe('findOwnSecret', () => {
  it('is null for each while nothing is saved', async () => {
    const both = await lists();
    expect(findOwnSecret(both, 'apiKey')).toBeNull();
    expect(findOwnSecret(both, 'oauth')).toBeNull();
  });

  it('finds each in the scope the app keeps it in, and never a namesake in the other scope', async () => {
    const user = dashboard.user.id;
    // Names written by the app's backend where the app itself never writes them.
    await dashboard.backend.apps.secrets.create({
      scope: {type: 'account'},
      name: SECRET_NAMES.oauth,
      payload: 'not ours',
    });
    await dashboard.backend.apps.secrets.create({
      scope: {type: 'user', user},
      name: SECRET_NAMES.apiKey,
      payload: 'not ours',
    });
    const namesakes = await lists();
    expect(findOwnSecret(namesakes, 'apiKey')).toBeNull();
    expect(findOwnSecret(namesakes, 'oauth')).toBeNull();
    expect(
      [...namesakes.account, ...namesakes.user].filter((s) => isOwnSecret(s, 'apiKey') || isOwnSecret(s, 'oauth')),
    ).toEqual([]);

    await saveSecret(scopeFor('account', {id: user}), SECRET_NAMES.apiKey, 'key');
    await saveSecret(scopeFor('user', {id: user}), SECRET_NAMES.oauth, 'tokens');
    const saved = await lists();
    expect(findOwnSecret(saved, 'apiKey')).toMatchObject({name: SECRET_NAMES.apiKey, scope: {type: 'account'}});
    expect(findOwnSecret(saved, 'oauth')).toMatchObject({name: SECRET_NAMES.oauth, scope: {type: 'user', user}});
    expect(isOwnSecret(findOwnSecret(saved, 'oauth')!, 'apiKey')).toBe(false);
  });
});
