import type {ReactElement} from 'react';
import * as sdk from '@stripe/ui-extension-sdk/ui';
import {render} from '@stripe/ui-extension-sdk/testing';
import * as ours from '../../src/sdk/components';

/**
 * src/sdk/components.tsx against `@stripe/ui-extension-sdk/ui` (9.3.0): the same page, built once from each, must
 * reach the Dashboard as the same tree — every component's name, its props (the SDK's version props included), its
 * fragment props as fragments and its children. The page uses each of Keyring's components, with every fragment prop
 * the SDK names for it filled.
 */

type Family = typeof ours;

const onPress = () => undefined;
const onChange = () => undefined;

function page(ui: Family): ReactElement {
  const {Badge, Banner, Box, Button, ContextView, DateField, Divider, Inline, List, ListItem, SettingsView} = ui;
  const {Spinner, TextField} = ui;
  return (
    <SettingsView onSave={onPress}>
      <ContextView
        title="Keyring"
        description="Credentials"
        actions={<Button onPress={onPress}>Refresh</Button>}
        banner={<Banner type="caution" title="Expiring" />}
        footerContent={<Inline>Footer</Inline>}
        primaryAction={<Button type="primary">Save</Button>}
        secondaryAction={
          <Button href="https://example.com/" target="_top">
            Help
          </Button>
        }
      >
        <Box css={{stack: 'y', gap: 'small'}}>
          <Banner
            type="critical"
            title={<Inline>Title</Inline>}
            description={<Box>Described</Box>}
            actions={<Button onPress={onPress}>Retry</Button>}
          />
          <Badge type="positive">Saved</Badge>
          <TextField label={<Inline>API key</Inline>} type="password" value="ec_test_x" onChange={onChange} />
          <DateField label="Expires on" value="2027-01-01" onChange={onChange} />
          <Divider />
          <Spinner size="small" />
          <List>
            <ListItem
              id="row"
              icon={<Spinner />}
              image={<Badge>Image</Badge>}
              title={<Inline>Example Cloud API key</Inline>}
              secondaryTitle={<Inline>Shared with the account</Inline>}
              value={<Button onPress={onPress}>Delete</Button>}
            />
          </List>
        </Box>
      </ContextView>
    </SettingsView>
  );
}

interface RemoteLike {
  type?: unknown;
  props?: Record<string, unknown>;
  children?: unknown[];
  text?: unknown;
}

const isFragment = (value: unknown): value is RemoteLike =>
  typeof value === 'object' && value !== null && 'kind' in value && Array.isArray((value as RemoteLike).children);

/** What the Dashboard receives: components with their props and children, fragments walked, without remote ids. */
function tree(node: unknown): unknown {
  if (typeof node !== 'object' || node === null) return node;
  const remote = node as RemoteLike;
  if (remote.type === undefined) return {text: remote.text};
  const props = Object.fromEntries(
    Object.entries(remote.props ?? {}).map(([key, value]) => [
      key,
      isFragment(value) ? {fragment: value.children!.map(tree)} : value,
    ]),
  );
  return {type: remote.type, props, children: (remote.children ?? []).map(tree)};
}

const rendered = (ui: Family) => (render(page(ui)).wrapper as unknown as {children: unknown[]}).children.map(tree);

test('the same page from Keyring’s components and from the SDK’s reaches the Dashboard as the same tree', () => {
  const theirs = rendered(sdk as unknown as Family);
  const mine = rendered(ours);
  expect(mine).toEqual(theirs);
  // The comparison covers every component, its version props and its fragments.
  const text = JSON.stringify(mine);
  for (const name of Object.keys(ours)) expect(text).toContain(`"type":"${name}"`);
  expect(text).toContain('"wrappedComponentName":"ListItem","sdkVersion":"9.3.0","schemaVersion":"v9"');
  expect(text.match(/"fragment"/g)).toHaveLength(14);
});

test.each(Object.keys(ours) as (keyof Family)[])('%s is the SDK’s component of that name', (name) => {
  const wrapped = (component: unknown) => (component as {wrappedComponentName?: string}).wrappedComponentName;
  expect(wrapped(ours[name])).toBe(name);
  expect(wrapped(ours[name])).toBe(wrapped(sdk[name]));
});
