import {createRemoteReactComponent} from '@remote-ui/react';
import type {ComponentType} from 'react';
import type * as ui from '@stripe/ui-extension-sdk/ui';
import {SDK_VERSION} from '@stripe/ui-extension-sdk/version';

/**
 * The SDK's components Keyring renders, defined as `@stripe/ui-extension-sdk/ui` defines them: a remote-ui component
 * of the Dashboard's name, with its fragment props, given the SDK's version props on every render. The SDK's module
 * defines all 65 at load, and no bundler can leave the unused ones out (each is a call), which cost the views 1.6 KiB
 * minified and 0.5 KiB gzip. Each is typed as the SDK's own; ui-tests/sdk/components.test.tsx renders each beside the
 * SDK's and compares what reaches the Dashboard. Another of the SDK's components is one more line here, with the
 * fragment props the SDK's `ui/index.js` gives it, and a place in that test's page (the test fails until it has one).
 */
function define<Component>(name: string, fragmentProps: string[]): Component {
  const Remote = createRemoteReactComponent(name, {fragmentProps}) as unknown as ComponentType<Record<string, unknown>>;
  // A remote component is its name: the SDK takes `displayName`, which it does not have, or the name.
  const wrappedComponentName = Remote.displayName || Remote.toString();
  const WithSdkProps = (props: Record<string, unknown>) => (
    <Remote {...props} wrappedComponentName={wrappedComponentName} sdkVersion={SDK_VERSION} schemaVersion="v9" />
  );
  WithSdkProps.wrappedComponentName = wrappedComponentName;
  return WithSdkProps as Component;
}

export const Badge = define<typeof ui.Badge>('Badge', []);
export const Banner = define<typeof ui.Banner>('Banner', ['actions', 'description', 'title']);
export const Box = define<typeof ui.Box>('Box', []);
export const Button = define<typeof ui.Button>('Button', []);
export const ContextView = define<typeof ui.ContextView>('ContextView', [
  'actions',
  'banner',
  'footerContent',
  'primaryAction',
  'secondaryAction',
]);
export const DateField = define<typeof ui.DateField>('DateField', ['label']);
export const Divider = define<typeof ui.Divider>('Divider', []);
export const Inline = define<typeof ui.Inline>('Inline', []);
export const List = define<typeof ui.List>('List', []);
export const ListItem = define<typeof ui.ListItem>('ListItem', ['icon', 'image', 'secondaryTitle', 'title', 'value']);
export const SettingsView = define<typeof ui.SettingsView>('SettingsView', []);
export const Spinner = define<typeof ui.Spinner>('Spinner', []);
export const TextField = define<typeof ui.TextField>('TextField', ['label']);
