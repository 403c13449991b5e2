import {dashboardContext} from '../../platform/context';
import {ACCOUNT, DEFAULT_VIEWPORT, sampleObjectContext, VIC} from '../../platform/fixtures';

/** The one builder of a view's context props, as the page, the Jest support and the bench call it. */

test('the signed-in user, their roles and the account, in test mode with no object by default', () => {
  const context = dashboardContext({user: VIC, viewportID: DEFAULT_VIEWPORT});
  expect(context.userContext).toEqual({
    id: 'usr_vic',
    name: 'Vic Viewer',
    account: {id: ACCOUNT.id, name: ACCOUNT.name, country: 'US', isSandbox: false},
    locale: 'en-US',
    roles: [{id: 'view_only', name: 'View only', type: 'builtIn'}],
  });
  expect(context.environment).toEqual({
    mode: 'test',
    viewportID: DEFAULT_VIEWPORT,
    objectContext: null,
    constants: undefined,
  });
  expect('oauthContext' in context).toBe(false);
});

test('the manifest parts and an OAuth return are handed on, as copies that survive structured cloning', () => {
  const permissions = ['secret_write'];
  const connectSrc = ['https://auth.example.com/oauth/'];
  const objectContext = sampleObjectContext('stripe.dashboard.invoice.detail');
  const context = dashboardContext({
    user: VIC,
    viewportID: 'stripe.dashboard.invoice.detail',
    objectContext,
    mode: 'live',
    constants: {appId: 'x'},
    permissions,
    connectSrc,
    oauthContext: {code: 'c', state: 's', verifier: 'v'},
  });
  expect(context.environment).toMatchObject({
    mode: 'live',
    objectContext: {id: 'in_1QkLocal7Jr2Inv01', object: 'invoice'},
    constants: {appId: 'x'},
  });
  expect(context.appContext).toEqual({
    authorizedPermissions: permissions,
    authorizedContentSecurityPolicy: {connectSrc, imageSrc: null},
  });
  expect(context.appContext.authorizedPermissions).not.toBe(permissions);
  expect(context.oauthContext).toEqual({code: 'c', state: 's', verifier: 'v'});
  expect(structuredClone(context)).toEqual(context);
});
