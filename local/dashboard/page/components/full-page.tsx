import {createContext, useContext, useRef, useState, type ComponentType, type ReactNode} from 'react';
import {NavigationContext} from '../navigation-context';
import {call, str, type Props} from './props';

/**
 * DOM components for the full page's layout (SDK 9.2+): FullPageView, OverviewPage, DetailPage, PageModule,
 * DataTable, Menu and MenuItem, and `ui/next` Tabs and Tab. Plain and readable rather than pixel-exact: headings,
 * actions as buttons, columns side by side, tables as tables.
 */

type Action = {label?: unknown; onPress?: unknown; type?: unknown; disabled?: unknown};

function Actions({actions}: {actions: unknown}) {
  const list = Array.isArray(actions)
    ? (actions as Action[])
    : actions && typeof actions === 'object'
      ? [actions as Action]
      : [];
  if (!list.length) return null;
  return (
    <div className="sx-page-actions">
      {list.map((action, i) => (
        <button
          key={i}
          type="button"
          className="sx-button"
          data-type={str(action.type) ?? (i === 0 ? 'primary' : 'secondary')}
          data-size="medium"
          disabled={action.disabled === true}
          onClick={() => call(action.onPress)}
        >
          {str(action.label)}
        </button>
      ))}
    </div>
  );
}

function FullPageView(p: Props) {
  return (
    <div className="sx-fullpage" data-component="FullPageView">
      <Actions actions={p.pageAction} />
      {p.children}
    </div>
  );
}

function Breadcrumbs({items}: {items: unknown}) {
  const navigate = useContext(NavigationContext);
  const list = Array.isArray(items) ? (items as {label?: unknown; route?: unknown}[]) : [];
  if (!list.length) return null;
  return (
    <nav className="ld-crumbs" aria-label="Breadcrumbs">
      {list.map((item, i) => (
        <span key={i}>
          <a
            href="#"
            onClick={(e) => {
              e.preventDefault();
              if (item.route) navigate(item.route);
            }}
          >
            {str(item.label)}
          </a>
          {' › '}
        </span>
      ))}
    </nav>
  );
}

function Page(kind: 'OverviewPage' | 'DetailPage') {
  return function PageLayout(p: Props) {
    return (
      <div className="sx-page" data-component={kind}>
        <Breadcrumbs items={p.breadcrumbs} />
        <header className="sx-page-header">
          <div>
            <h1 className="sx-page-title">{str(p.title)}</h1>
            {(str(p.subtitle) ?? str(p.description)) ? (
              <div className="sx-page-subtitle">{str(p.subtitle) ?? str(p.description)}</div>
            ) : null}
          </div>
          <Actions actions={p.actions ?? p.extraActions} />
        </header>
        {p.pending === true ? <div className="sx-page-subtitle">Loading…</div> : null}
        <div className="sx-page-columns">
          <div className="sx-page-primary">{p.primaryColumn as ReactNode}</div>
          {p.secondaryColumn ? <div className="sx-page-secondary">{p.secondaryColumn as ReactNode}</div> : null}
        </div>
        {p.children}
      </div>
    );
  };
}

function PageModule(p: Props) {
  return (
    <section className="sx-page-module" data-component="PageModule">
      <header className="sx-page-header">
        <div>
          <h2 className="sx-page-module-title">{str(p.title)}</h2>
          {str(p.subtitle) ? <div className="sx-page-subtitle">{str(p.subtitle)}</div> : null}
        </div>
        <Actions actions={p.extraActions} />
      </header>
      {p.children}
    </section>
  );
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    const v = value as {label?: unknown; text?: unknown; value?: unknown};
    return String(v.label ?? v.text ?? v.value ?? '');
  }
  return String(value);
}

function DataTable(p: Props) {
  const columns = Array.isArray(p.columns)
    ? (p.columns as {key: string; label?: string; hideHeaderLabel?: boolean}[])
    : [];
  const items = Array.isArray(p.items) ? (p.items as Record<string, unknown>[]) : [];
  const empty =
    typeof p.emptyMessage === 'string' ? p.emptyMessage : (p.emptyMessage as {title?: string} | undefined)?.title;
  return (
    <table className="ld-table" data-component="DataTable">
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key}>{c.hideHeaderLabel ? '' : c.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {p.loading === true ? (
          <tr>
            <td colSpan={columns.length || 1}>Loading…</td>
          </tr>
        ) : items.length ? (
          items.map((item, i) => (
            <tr
              key={String(item.id ?? i)}
              onClick={p.onRowClick ? () => call(p.onRowClick, item) : undefined}
              style={p.onRowClick ? {cursor: 'pointer'} : undefined}
            >
              {columns.map((c) => (
                <td key={c.key}>{cellText(item[c.key])}</td>
              ))}
            </tr>
          ))
        ) : (
          <tr>
            <td colSpan={columns.length || 1}>{empty ?? 'Nothing here'}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

const MenuContext = createContext<unknown>(undefined);

function Menu(p: Props) {
  const [open, setOpen] = useState(false);
  return (
    <MenuContext.Provider value={p.onAction}>
      <div className="sx-menu" data-component="Menu">
        <span onClick={() => setOpen((o) => !o)}>
          {(p.trigger as ReactNode) ?? (
            <button type="button" className="sx-button">
              Menu
            </button>
          )}
        </span>
        {open ? (
          <div className="sx-menu-items" role="menu" onClick={() => setOpen(false)}>
            {p.children}
          </div>
        ) : null}
      </div>
    </MenuContext.Provider>
  );
}

function MenuItem(p: Props) {
  const onMenuAction = useContext(MenuContext);
  return (
    <button
      type="button"
      role="menuitem"
      className="sx-menu-item"
      disabled={p.disabled === true}
      onClick={() => {
        call(p.onAction, p.id);
        call(onMenuAction, p.id);
      }}
    >
      {p.children}
    </button>
  );
}

const TabsContext = createContext<{selected?: string; first: {current?: string}; select(id: string): void}>({
  first: {},
  select: () => undefined,
});

function NextTabs(p: Props) {
  const [own, setOwn] = useState<string | undefined>(undefined);
  const first = useRef<string | undefined>(undefined);
  const selected = str(p.selectedKey) ?? own;
  return (
    <TabsContext.Provider
      value={{
        selected,
        first,
        select: (id) => {
          setOwn(id);
          call(p.onSelectionChange, id);
        },
      }}
    >
      <div className="sx-tabs" role="tablist" data-component="Tabs">
        {p.children}
      </div>
    </TabsContext.Provider>
  );
}

/** Each Tab draws its tab and, when selected (the first one until another is), its panel below the row of tabs. */
function NextTab(p: Props) {
  const {selected, first, select} = useContext(TabsContext);
  const id = str(p.id) ?? '';
  first.current ??= id;
  const isSelected = (selected ?? first.current) === id;
  return (
    <>
      <button type="button" role="tab" className="sx-tab" aria-selected={isSelected} onClick={() => select(id)}>
        {str(p.label)}
      </button>
      {isSelected ? (
        <div className="sx-tabpanel" role="tabpanel">
          {p.children}
        </div>
      ) : null}
    </>
  );
}

export const FULL_PAGE_COMPONENTS: Record<string, ComponentType<Props>> = {
  FullPageView,
  OverviewPage: Page('OverviewPage'),
  DetailPage: Page('DetailPage'),
  PageModule,
  DataTable,
  Menu,
  MenuItem,
};

/** `ui/next` components that share a name with a v9 one, by name (used when `schemaVersion` is `v9Next`). */
export const NEXT_COMPONENTS: Record<string, ComponentType<Props>> = {Tabs: NextTabs, Tab: NextTab};
