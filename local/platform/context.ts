import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {ACCOUNT, type DashboardAccount, type DashboardUser, type Mode, type ObjectContext} from './fixtures';
import type {OAuthReturn} from './host';

/**
 * The one place that builds the props the Dashboard hands a view (`ExtensionContextValue`): the local Dashboard page,
 * the Jest support and the bench all call it, so a view sees the same context wherever it runs.
 */
export interface ContextOptions {
  user: DashboardUser;
  viewportID: string;
  /** The object the page shows; none (null) on the default drawer, settings and overview pages. */
  objectContext?: ObjectContext | null;
  mode?: Mode;
  /** The manifest's `constants`, as JSON. */
  constants?: unknown;
  /** The manifest's permission ids. */
  permissions?: readonly string[];
  /** The manifest's `connect-src`; null when it has none. */
  connectSrc?: readonly string[] | null;
  account?: DashboardAccount;
  /** Set only when the Dashboard renders the view after an OAuth return. */
  oauthContext?: OAuthReturn;
}

export function dashboardContext(options: ContextOptions): ExtensionContextValue {
  const {user} = options;
  const account = options.account ?? ACCOUNT;
  const context: ExtensionContextValue = {
    userContext: {
      id: user.id,
      name: user.name,
      account: {id: account.id, name: account.name, country: account.country, isSandbox: false},
      locale: 'en-US',
      roles: user.roles.map((id) => ({id, name: user.roleName, type: 'builtIn' as const})),
    },
    environment: {
      mode: options.mode ?? 'test',
      viewportID: options.viewportID,
      objectContext: options.objectContext ?? null,
      // The manifest is JSON, so its constants are too.
      constants: options.constants as ExtensionContextValue['environment']['constants'],
    },
    appContext: {
      authorizedPermissions: [...(options.permissions ?? [])],
      authorizedContentSecurityPolicy: {
        connectSrc: options.connectSrc ? [...options.connectSrc] : null,
        imageSrc: null,
      },
    },
  };
  if (options.oauthContext) context.oauthContext = options.oauthContext;
  return context;
}
