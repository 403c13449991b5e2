import {createContext, useContext} from 'react';
import {call, fn, node, str, strip, type Callback, type Props} from './props';

/** Lists and tables: List and ListItem (with `onAction`), PropertyList, Accordion, and the Table elements. */

const ListActionContext = createContext<Callback | undefined>(undefined);

export function List(raw: Props) {
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

export function ListItem(raw: Props) {
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

export function PropertyList(raw: Props) {
  const p = strip(raw);
  return (
    <dl className="sx-propertylist" data-orientation={str(p.orientation) ?? 'vertical'}>
      {p.children}
    </dl>
  );
}

export function PropertyListItem(raw: Props) {
  const p = strip(raw);
  return (
    <>
      <dt>{node(p.label)}</dt>
      <dd>{node(p.value) ?? p.children}</dd>
    </>
  );
}

export function Accordion(raw: Props) {
  return <div className="sx-list">{strip(raw).children}</div>;
}

export function AccordionItem(raw: Props) {
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

export function tableCell(tag: 'td' | 'th') {
  return function Cell(raw: Props) {
    const Tag = tag;
    return (
      <Tag style={{padding: '8px 12px', textAlign: 'left', borderBottom: '1px solid var(--ld-keyline)'}}>
        {strip(raw).children}
      </Tag>
    );
  };
}

export function element(tag: 'table' | 'thead' | 'tbody' | 'tfoot' | 'tr') {
  return function Element(raw: Props) {
    const Tag = tag;
    return (
      <Tag style={tag === 'table' ? {borderCollapse: 'collapse', width: '100%'} : undefined}>{strip(raw).children}</Tag>
    );
  };
}
