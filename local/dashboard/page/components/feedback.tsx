import type {ReactNode} from 'react';
import {tokensToStyle} from '../css';
import {own} from '../own';
import {call, fn, node, str, strip, type Props} from './props';

/**
 * Status and feedback: Badge, Banner, Spinner, Icon, Img, Tooltip, Chip, and the placeholder for what is not rendered.
 */

export function Badge(raw: Props) {
  const p = strip(raw);
  return (
    <span className="sx-badge" data-type={str(p.type) ?? 'neutral'}>
      {p.children}
    </span>
  );
}

export function Banner(raw: Props) {
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

export function Spinner(raw: Props) {
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

export function Icon(raw: Props) {
  const p = strip(raw);
  const name = str(p.name) ?? '';
  const {style} = tokensToStyle(p.css);
  return (
    <span
      className="sx-icon"
      role="img"
      aria-label={name}
      title={name}
      style={{color: style.fill as string | undefined}}
    >
      {own(ICON_GLYPHS, name) ?? name.charAt(0).toUpperCase()}
    </span>
  );
}

export function Img(raw: Props) {
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

export function Tooltip(raw: Props) {
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

export function Chip(raw: Props) {
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
export function Unsupported({
  name,
  schemaVersion,
  children,
}: {
  name: string;
  schemaVersion?: string;
  children?: ReactNode;
}) {
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
