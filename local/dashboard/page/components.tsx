import {createContext, createElement, useContext, useRef, type ComponentType, type ReactNode} from 'react';
import {tokensToStyle} from './css';
import {useRemoteValue} from './inputs';
import {FULL_PAGE_COMPONENTS, NEXT_COMPONENTS} from './full-page';
import {NavigationContext} from './navigation-context';

/**
 * DOM components for the SDK's remote components, styled after the Dashboard. Every component receives the view's props
 * after the boundary: callbacks are async proxies into the worker, fragment props (ContextView `actions`, ListItem
 * `value`, Banner `description` …) are ready React nodes. Events passed back are plain objects, never DOM events.
 */

type Props = Record<string, unknown> & {children?: ReactNode};
type Callback = (...args: unknown[]) => unknown;

/** The SDK adds these to every component; they never reach the DOM. */
const META_PROPS = ['wrappedComponentName', 'sdkVersion', 'schemaVersion'];

function strip(props: Props): Props {
  const out: Props = {};
  for (const [key, value] of Object.entries(props)) if (!META_PROPS.includes(key)) out[key] = value;
  return out;
}

const fn = (value: unknown): Callback | undefined => (typeof value === 'function' ? (value as Callback) : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const node = (value: unknown): ReactNode => value as ReactNode;

/** Calls into the worker; a failure there is the view's, reported by the worker, and must not break the page. */
function call(callback: Callback | undefined, ...args: unknown[]): void {
  if (!callback) return;
  void Promise.resolve()
    .then(() => callback(...args))
    .catch(() => undefined);
}

/** A react-aria style press event, as plain data. */
function pressEvent(event: {altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; detail?: number}) {
  return {
    type: 'press',
    pointerType: event.detail === 0 ? 'keyboard' : 'mouse',
    altKey: event.altKey,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    shiftKey: event.shiftKey,
  };
}

export {NavigationContext};

let fieldIds = 0;
function useFieldId(): string {
  const id = useRef<string>();
  id.current ??= `sx-field-${++fieldIds}`;
  return id.current;
}

function Field(props: {id: string; label?: ReactNode; description?: string; error?: string; hidden?: unknown; children: ReactNode}) {
  const hidden = Array.isArray(props.hidden) ? (props.hidden as string[]) : [];
  return (
    <div className="sx-field">
      {props.label !== undefined && props.label !== null && !hidden.includes('label') ? (
        <label className="sx-field-label" htmlFor={props.id}>
          {props.label}
        </label>
      ) : null}
      {props.children}
      {props.description && !hidden.includes('description') ? (
        <div className="sx-field-description" id={`${props.id}-description`}>
          {props.description}
        </div>
      ) : null}
      {props.error && !hidden.includes('error') ? (
        <div className="sx-field-error" role="alert" id={`${props.id}-error`}>
          {props.error}
        </div>
      ) : null}
    </div>
  );
}

/* ---------- views ---------- */

function ContextView(raw: Props) {
  const p = strip(raw);
  const external = p.externalLink as {label?: string; href?: string} | undefined;
  const footer = p.primaryAction || p.secondaryAction || p.footerContent;
  return (
    <section className="sx-contextview" data-component="ContextView">
      <header className="sx-contextview-header" style={str(p.brandColor) ? {borderTop: `3px solid ${str(p.brandColor)}`} : undefined}>
        <h2 className="sx-contextview-title">{str(p.title)}</h2>
        {str(p.description) ? <div className="sx-contextview-description">{str(p.description)}</div> : null}
        {external?.href ? (
          <a className="sx-external" href={external.href} target="_blank" rel="noreferrer">
            {external.label ?? external.href} ↗
          </a>
        ) : null}
      </header>
      {p.actions ? <div className="sx-contextview-actions">{node(p.actions)}</div> : null}
      {p.banner ? <div className="sx-contextview-banner">{node(p.banner)}</div> : null}
      <div className="sx-contextview-body">{p.children}</div>
      {footer ? (
        <footer className="sx-contextview-footer">
          {node(p.footerContent)}
          <span className="ld-spacer" />
          {node(p.secondaryAction)}
          {node(p.primaryAction)}
        </footer>
      ) : null}
    </section>
  );
}

/** The settings page: a form; `onSave` gets `{[field name]: value}`, and its absence drops the Save button. */
function SettingsView(raw: Props) {
  const p = strip(raw);
  const onSave = fn(p.onSave);
  return (
    <form
      className="sx-settingsview"
      data-component="SettingsView"
      onSubmit={(event) => {
        event.preventDefault();
        const values: Record<string, string> = {};
        new FormData(event.currentTarget).forEach((value, key) => {
          if (typeof value === 'string') values[key] = value;
        });
        call(onSave, values);
      }}
    >
      {p.children}
      {onSave || str(p.statusMessage) ? (
        <div className="sx-settingsview-footer">
          {onSave ? (
            <button type="submit" className="sx-button" data-type="primary">
              Save
            </button>
          ) : null}
          {str(p.statusMessage) ? <span className="sx-status">{str(p.statusMessage)}</span> : null}
        </div>
      ) : null}
    </form>
  );
}

type SignInAction = {label?: string; href?: string; target?: string; onPress?: Callback} | undefined;

function ActionButton({action, primary}: {action: SignInAction; primary: boolean}) {
  if (!action?.label) return null;
  const type = primary ? 'primary' : 'secondary';
  if (action.href) {
    return (
      <a className="sx-button" data-type={type} href={action.href} target={action.target ?? '_top'} onClick={(e) => call(action.onPress, pressEvent(e))}>
        {action.label}
      </a>
    );
  }
  return (
    <button type="button" className="sx-button" data-type={type} onClick={(e) => call(action.onPress, pressEvent(e))}>
      {action.label}
    </button>
  );
}

function SignInView(raw: Props) {
  const p = strip(raw);
  return (
    <section className="sx-signin" data-component="SignInView">
      {str(p.brandIcon) ? <img src={str(p.brandIcon)} alt="" width={48} height={48} /> : null}
      {str(p.description) ? <div>{str(p.description)}</div> : null}
      {str(p.descriptionActionLabel) ? (
        <details>
          <summary className="sx-link">{str(p.descriptionActionLabel)}</summary>
          {str(p.descriptionActionTitle) ? <strong>{str(p.descriptionActionTitle)}</strong> : null}
          {node(p.descriptionActionContents)}
        </details>
      ) : null}
      <div style={{display: 'flex', gap: 8}}>
        <ActionButton action={p.primaryAction as SignInAction} primary />
        <ActionButton action={p.secondaryAction as SignInAction} primary={false} />
      </div>
      {node(p.footerContent)}
    </section>
  );
}

function FocusView(raw: Props) {
  const p = strip(raw);
  if (p.shown === false) return null;
  return (
    <section className="sx-contextview" data-component="FocusView" style={{borderTop: '1px solid var(--ld-keyline)'}}>
      <header className="sx-contextview-header">
        <h2 className="sx-contextview-title">{str(p.title)}</h2>
      </header>
      <div className="sx-contextview-body">{p.children}</div>
      <footer className="sx-contextview-footer">
        {node(p.footerContent)}
        <span className="ld-spacer" />
        {node(p.secondaryAction)}
        {node(p.primaryAction)}
      </footer>
    </section>
  );
}

/* ---------- layout ---------- */

function Box(raw: Props) {
  const p = strip(raw);
  const {style, className} = tokensToStyle(p.css);
  return (
    <div className={`sx-box ${className}`.trim()} style={style}>
      {p.children}
    </div>
  );
}

function Inline(raw: Props) {
  const p = strip(raw);
  const {style, className} = tokensToStyle(p.css);
  const css = (p.css ?? {}) as Record<string, unknown>;
  // Inline is text-level; given a gap (and no stack) it lays its children out in a row, as the Dashboard does.
  if (style.display === undefined && css.gap !== undefined) {
    style.display = 'inline-flex';
    style.flexWrap = 'wrap';
    style.alignItems = css.alignY === 'center' ? 'center' : css.alignY === 'bottom' ? 'flex-end' : css.alignY === 'baseline' ? 'baseline' : undefined;
  }
  const Tag = style.display === 'flex' ? 'div' : 'span';
  return (
    <Tag className={`sx-inline ${className}`.trim()} style={style}>
      {p.children}
    </Tag>
  );
}

function Divider() {
  return <hr className="sx-divider" />;
}

/* ---------- actions ---------- */

function useHref(href: unknown): {href?: string; route?: unknown} {
  if (typeof href === 'string') return {href};
  if (href && typeof href === 'object') return {route: href};
  return {};
}

function Button(raw: Props) {
  const p = strip(raw);
  const navigate = useContext(NavigationContext);
  const {href, route} = useHref(p.href);
  const disabled = p.disabled === true || p.pending === true;
  const common = {
    className: 'sx-button',
    'data-type': str(p.type) ?? 'secondary',
    'data-size': str(p.size) ?? 'medium',
    'data-pending': p.pending === true ? 'true' : undefined,
  };
  const onPress = fn(p.onPress);
  if (href !== undefined) {
    return (
      <a
        {...common}
        href={disabled ? undefined : href}
        target={str(p.target)}
        rel={p.target === '_blank' ? 'noreferrer' : undefined}
        aria-disabled={disabled ? 'true' : undefined}
        role="button"
        onClick={(e) => {
          if (disabled) {
            e.preventDefault();
            return;
          }
          call(onPress, pressEvent(e));
        }}
      >
        {p.children}
      </a>
    );
  }
  return (
    <button
      {...common}
      type="button"
      disabled={disabled}
      aria-busy={p.pending === true ? 'true' : undefined}
      onClick={(e) => {
        call(onPress, pressEvent(e));
        if (route) navigate(route);
      }}
    >
      {p.children}
    </button>
  );
}

function ButtonGroup(raw: Props) {
  const p = strip(raw);
  return (
    <div style={{display: 'flex', gap: 8, flexWrap: 'wrap'}}>
      {p.children}
      {node(p.menuTrigger)}
    </div>
  );
}

function Link(raw: Props) {
  const p = strip(raw);
  const navigate = useContext(NavigationContext);
  const {href, route} = useHref(p.href);
  const onPress = fn(p.onPress);
  if (href !== undefined) {
    return (
      <a
        className="sx-link"
        data-type={str(p.type) ?? 'primary'}
        href={p.disabled === true ? undefined : href}
        target={str(p.target) ?? (p.external === true ? '_blank' : undefined)}
        rel={str(p.rel) ?? (p.external === true ? 'noreferrer' : undefined)}
        onClick={(e) => call(onPress, pressEvent(e))}
      >
        {p.children}
        {p.external === true ? ' ↗' : null}
      </a>
    );
  }
  if (route && p.disabled !== true) {
    // A route descriptor (createAppRoute, a Dashboard route): still a link, navigated by the page.
    return (
      <a
        className="sx-link"
        data-type={str(p.type) ?? 'primary'}
        href="#"
        onClick={(e) => {
          e.preventDefault();
          call(onPress, pressEvent(e));
          navigate(route);
        }}
      >
        {p.children}
      </a>
    );
  }
  return (
    <button
      type="button"
      className="sx-link"
      data-type={str(p.type) ?? 'primary'}
      disabled={p.disabled === true}
      onClick={(e) => {
        call(onPress, pressEvent(e));
        if (route) navigate(route);
      }}
    >
      {p.children}
    </button>
  );
}

/* ---------- status ---------- */

function Badge(raw: Props) {
  const p = strip(raw);
  return (
    <span className="sx-badge" data-type={str(p.type) ?? 'neutral'}>
      {p.children}
    </span>
  );
}

function Banner(raw: Props) {
  const p = strip(raw);
  const onDismiss = fn(p.onDismiss);
  return (
    <div className="sx-banner" data-type={str(p.type) ?? 'default'} role={p.type === 'critical' ? 'alert' : 'status'}>
      <div className="sx-banner-row">
        <div>
          {p.title ? <div className="sx-banner-title">{node(p.title)}</div> : null}
          {p.description ? <div className="sx-banner-description">{node(p.description)}</div> : null}
        </div>
        {onDismiss ? (
          <button type="button" className="sx-banner-dismiss" aria-label="Dismiss" onClick={() => call(onDismiss)}>
            ×
          </button>
        ) : null}
      </div>
      {p.children}
      {p.actions ? <div>{node(p.actions)}</div> : null}
    </div>
  );
}

function Spinner(raw: Props) {
  const p = strip(raw);
  return <span className="sx-spinner" data-size={str(p.size) ?? 'medium'} role="progressbar" aria-label="Loading" />;
}

const ICON_GLYPHS: Record<string, string> = {
  check: '✓',
  checkCircle: '✓',
  accept: '✓',
  cancel: '✕',
  close: '✕',
  add: '+',
  info: 'i',
  warning: '!',
  warningCircle: '!',
  lock: '🔒',
  external: '↗',
  arrowRight: '→',
  arrowLeft: '←',
  refresh: '↻',
  settings: '⚙',
  search: '⌕',
  trash: '🗑',
};

function Icon(raw: Props) {
  const p = strip(raw);
  const name = str(p.name) ?? '';
  const {style} = tokensToStyle(p.css);
  return (
    <span className="sx-icon" role="img" aria-label={name} title={name} style={{color: style.fill as string | undefined}}>
      {ICON_GLYPHS[name] ?? name.charAt(0).toUpperCase()}
    </span>
  );
}

function Img(raw: Props) {
  const p = strip(raw);
  return (
    <img
      src={str(p.src)}
      srcSet={str(p.srcSet)}
      sizes={str(p.sizes)}
      alt={str(p.alt) ?? ''}
      width={p.width as number | undefined}
      height={p.height as number | undefined}
    />
  );
}

function Tooltip(raw: Props) {
  const p = strip(raw);
  return (
    <span className="sx-tooltip">
      {node(p.trigger)}
      <span className="sx-tooltip-bubble" role="tooltip">
        {p.children}
      </span>
    </span>
  );
}

/* ---------- form fields ---------- */

function changeEvent(value: string, name?: string) {
  return {type: 'change', target: {value, name}, currentTarget: {value, name}};
}

function TextField(raw: Props) {
  const p = strip(raw);
  const id = useFieldId();
  const [value, setValue] = useRemoteValue<string>(str(p.value), str(p.defaultValue) ?? '');
  const onChange = fn(p.onChange);
  const keyHandler = (callback: Callback | undefined) =>
    callback ? (e: {key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean}) => call(callback, {key: e.key, altKey: e.altKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey, shiftKey: e.shiftKey}) : undefined;
  return (
    <Field id={id} label={node(p.label)} description={str(p.description)} error={str(p.error)} hidden={p.hiddenElements}>
      <input
        id={id}
        className="sx-input"
        type={str(p.type) ?? 'text'}
        name={str(p.name)}
        value={value}
        placeholder={str(p.placeholder)}
        autoComplete={str(p.autoComplete)}
        autoFocus={p.autoFocus === true}
        disabled={p.disabled === true}
        readOnly={p.readOnly === true}
        required={p.required === true}
        maxLength={p.maxLength as number | undefined}
        minLength={p.minLength as number | undefined}
        spellCheck={p.spellCheck as boolean | undefined}
        aria-invalid={p.invalid === true || !!p.error ? 'true' : undefined}
        aria-describedby={p.description ? `${id}-description` : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          call(onChange, changeEvent(e.target.value, str(p.name)));
        }}
        onKeyDown={keyHandler(fn(p.onKeyDown))}
        onKeyUp={keyHandler(fn(p.onKeyUp))}
      />
    </Field>
  );
}

function TextArea(raw: Props) {
  const p = strip(raw);
  const id = useFieldId();
  const [value, setValue] = useRemoteValue<string>(str(p.value), str(p.defaultValue) ?? '');
  const onChange = fn(p.onChange);
  return (
    <Field id={id} label={node(p.label)} description={str(p.description)} error={str(p.error)} hidden={p.hiddenElements}>
      <textarea
        id={id}
        className="sx-textarea"
        name={str(p.name)}
        rows={(p.rows as number | undefined) ?? 3}
        value={value}
        placeholder={str(p.placeholder)}
        disabled={p.disabled === true}
        readOnly={p.readOnly === true}
        aria-invalid={p.invalid === true || !!p.error ? 'true' : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          call(onChange, changeEvent(e.target.value, str(p.name)));
        }}
      />
    </Field>
  );
}

/** DateField's onChange gets the value itself (YYYY-MM-DD), not an event. */
function DateField(raw: Props) {
  const p = strip(raw);
  const id = useFieldId();
  const [value, setValue] = useRemoteValue<string>(str(p.value), str(p.defaultValue) ?? '');
  const onChange = fn(p.onChange);
  return (
    <Field id={id} label={node(p.label)} description={str(p.description)} error={str(p.error)} hidden={p.hiddenElements}>
      <input
        id={id}
        className="sx-input"
        type="date"
        value={value}
        disabled={p.disabled === true}
        aria-invalid={p.invalid === true || !!p.error ? 'true' : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          call(onChange, e.target.value);
        }}
      />
    </Field>
  );
}

function Select(raw: Props) {
  const p = strip(raw);
  const id = useFieldId();
  const [value, setValue] = useRemoteValue<string>(str(p.value), str(p.defaultValue) ?? '');
  const onChange = fn(p.onChange);
  return (
    <Field id={id} label={node(p.label)} description={str(p.description)} error={str(p.error)} hidden={p.hiddenElements}>
      <select
        id={id}
        className="sx-select"
        name={str(p.name)}
        value={value}
        disabled={p.disabled === true}
        onChange={(e) => {
          setValue(e.target.value);
          call(onChange, changeEvent(e.target.value, str(p.name)));
        }}
      >
        {p.children}
      </select>
    </Field>
  );
}

function Option(raw: Props) {
  const p = strip(raw);
  return (
    <option value={str(p.value)} disabled={p.disabled === true}>
      {p.children}
    </option>
  );
}

function makeCheckable(kind: 'checkbox' | 'switch' | 'radio') {
  return function Checkable(raw: Props) {
    const p = strip(raw);
    const id = useFieldId();
    const [checked, setChecked] = useRemoteValue<boolean>(p.checked as boolean | undefined, p.defaultChecked === true);
    const onChange = fn(p.onChange);
    return (
      <div className="sx-field">
        <label className="sx-check" htmlFor={id}>
          <input
            id={id}
            type={kind === 'radio' ? 'radio' : 'checkbox'}
            role={kind === 'switch' ? 'switch' : undefined}
            name={str(p.name)}
            value={str(p.value)}
            checked={checked}
            disabled={p.disabled === true}
            onChange={(e) => {
              setChecked(e.target.checked);
              call(onChange, {type: 'change', target: {checked: e.target.checked, value: e.target.value, name: str(p.name)}});
            }}
          />
          <span>{node(p.label)}</span>
        </label>
        {str(p.description) ? <div className="sx-field-description">{str(p.description)}</div> : null}
        {str(p.error) ? <div className="sx-field-error">{str(p.error)}</div> : null}
      </div>
    );
  };
}

function FormFieldGroup(raw: Props) {
  const p = strip(raw);
  return (
    <fieldset className="sx-fieldgroup" data-layout={str(p.layout) ?? 'vertical'} disabled={p.disabled === true}>
      {str(p.legend) ? <legend>{str(p.legend)}</legend> : null}
      {str(p.description) ? <div className="sx-field-description">{str(p.description)}</div> : null}
      {p.children}
    </fieldset>
  );
}

/* ---------- lists ---------- */

const ListActionContext = createContext<Callback | undefined>(undefined);

function List(raw: Props) {
  const p = strip(raw);
  const onAction = fn(p.onAction);
  return (
    <ListActionContext.Provider value={onAction}>
      <div className="sx-list" role="list" aria-label={str(p['aria-label'])}>
        {p.children}
      </div>
    </ListActionContext.Provider>
  );
}

function ListItem(raw: Props) {
  const p = strip(raw);
  const onAction = useContext(ListActionContext);
  const id = str(p.id);
  return (
    <div
      className="sx-listitem"
      role="listitem"
      style={onAction && id ? {cursor: 'pointer'} : undefined}
      onClick={onAction && id ? () => call(onAction, id) : undefined}
    >
      {p.icon || p.image ? <div>{node(p.icon ?? p.image)}</div> : null}
      <div className="sx-listitem-main">
        {p.title ? <div className="sx-listitem-title">{node(p.title)}</div> : null}
        {p.secondaryTitle ? <div className="sx-listitem-secondary">{node(p.secondaryTitle)}</div> : null}
        {p.children}
      </div>
      {p.value ? <div className="sx-listitem-value">{node(p.value)}</div> : null}
    </div>
  );
}

function PropertyList(raw: Props) {
  const p = strip(raw);
  return (
    <dl className="sx-propertylist" data-orientation={str(p.orientation) ?? 'vertical'}>
      {p.children}
    </dl>
  );
}

function PropertyListItem(raw: Props) {
  const p = strip(raw);
  return (
    <>
      <dt>{node(p.label)}</dt>
      <dd>{node(p.value) ?? p.children}</dd>
    </>
  );
}

function Accordion(raw: Props) {
  return <div className="sx-list">{strip(raw).children}</div>;
}

function AccordionItem(raw: Props) {
  const p = strip(raw);
  return (
    <details className="sx-listitem" open={p.defaultOpen === true}>
      <summary className="sx-listitem-title">
        {node(p.title)} {p.subtitle ? <span className="sx-listitem-secondary">{node(p.subtitle)}</span> : null}
      </summary>
      {p.children}
    </details>
  );
}

function tableCell(tag: 'td' | 'th') {
  return function Cell(raw: Props) {
    const Tag = tag;
    return <Tag style={{padding: '8px 12px', textAlign: 'left', borderBottom: '1px solid var(--ld-keyline)'}}>{strip(raw).children}</Tag>;
  };
}

function element(tag: 'table' | 'thead' | 'tbody' | 'tfoot' | 'tr') {
  return function Element(raw: Props) {
    const Tag = tag;
    return <Tag style={tag === 'table' ? {borderCollapse: 'collapse', width: '100%'} : undefined}>{strip(raw).children}</Tag>;
  };
}

function Chip(raw: Props) {
  const p = strip(raw);
  const onClose = fn(p.onClose);
  return (
    <span className="sx-badge">
      {str(p.label) ?? p.children}
      {str(p.value) ? `: ${str(p.value)}` : null}
      {onClose ? (
        <button type="button" className="sx-banner-dismiss" aria-label="Remove" onClick={() => call(onClose)}>
          ×
        </button>
      ) : null}
    </span>
  );
}

/** Shown for any component the local Dashboard does not render, so nothing fails silently. */
export function Unsupported({name, schemaVersion, children}: {name: string; schemaVersion?: string; children?: ReactNode}) {
  return (
    <div className="sx-unsupported" role="note" data-unsupported={name}>
      <div>
        The local Dashboard does not render <span className="sx-unsupported-name">{name}</span>
        {schemaVersion && schemaVersion !== 'v9' ? ` (${schemaVersion})` : ''} yet.
      </div>
      {children}
    </div>
  );
}

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

/** The DOM component for a remote component name; a visible placeholder for any other. */
export function componentFor(name: string): ComponentType<Props> {
  const known = COMPONENTS[name];
  if (known && !SCHEMA_SPECIFIC.has(name)) return known;
  let placeholder = placeholders.get(name);
  if (!placeholder) {
    const next = NEXT_COMPONENTS[name];
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
