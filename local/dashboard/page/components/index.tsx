import {createElement, type ComponentType} from 'react';
import {NavigationContext} from '../navigation-context';
import {own} from '../own';
import {Button, ButtonGroup, Link} from './actions';
import {Badge, Banner, Chip, Icon, Img, Spinner, Tooltip, Unsupported} from './feedback';
import {DateField, FormFieldGroup, makeCheckable, Option, Select, TextArea, TextField} from './form';
import {FULL_PAGE_COMPONENTS, NEXT_COMPONENTS} from './full-page';
import {Box, Divider, Inline} from './layout';
import {Accordion, AccordionItem, element, List, ListItem, PropertyList, PropertyListItem, tableCell} from './lists';
import {str, type Props} from './props';
import {ContextView, FocusView, SettingsView, SignInView} from './views';

/**
 * The registry: the DOM component for each of the SDK's remote components, styled after the Dashboard. The components
 * themselves are in this folder by kind: views, layout, actions, feedback, form, lists, full-page.
 */

export {NavigationContext, Unsupported};

export const COMPONENTS: Record<string, ComponentType<Props>> = {
  ContextView,
  SettingsView,
  SignInView,
  FocusView,
  Box,
  Inline,
  Divider,
  Button,
  ButtonGroup,
  Link,
  Badge,
  Banner,
  Spinner,
  Icon,
  Img,
  Tooltip,
  TextField,
  TextArea,
  DateField,
  Select,
  option: Option,
  Checkbox: makeCheckable('checkbox'),
  Switch: makeCheckable('switch'),
  Radio: makeCheckable('radio'),
  FormFieldGroup,
  List,
  ListItem,
  PropertyList,
  PropertyListItem,
  Accordion,
  AccordionItem,
  Table: element('table'),
  TableHead: element('thead'),
  TableBody: element('tbody'),
  TableFooter: element('tfoot'),
  TableRow: element('tr'),
  TableCell: tableCell('td'),
  TableHeaderCell: tableCell('th'),
  Chip,
  ChipList: ButtonGroup,
  ...FULL_PAGE_COMPONENTS,
};

/** `ui/next` reuses these names with other props: only the v9 schema is rendered. */
const SCHEMA_SPECIFIC = new Set(['Tabs', 'Tab', 'BarChart', 'LineChart']);

const placeholders = new Map<string, ComponentType<Props>>();

/**
 * The DOM component for a remote component name; a visible placeholder for any other. Own entries only: a remote
 * component named `constructor` or `hasOwnProperty` is the view's name, not the registry object's prototype.
 */
export function componentFor(name: string): ComponentType<Props> {
  const known = own(COMPONENTS, name);
  if (known && !SCHEMA_SPECIFIC.has(name)) return known;
  let placeholder = placeholders.get(name);
  if (!placeholder) {
    const next = own(NEXT_COMPONENTS, name);
    placeholder = function Placeholder(raw: Props) {
      if (next && raw.schemaVersion === 'v9Next') return createElement(next, raw);
      return (
        <Unsupported name={name} schemaVersion={str(raw.schemaVersion)}>
          {raw.children}
        </Unsupported>
      );
    };
    placeholders.set(name, placeholder);
  }
  return placeholder;
}
