import {tokensToStyle} from '../css';
import {strip, type Props} from './props';

/** Layout: Box and Inline take the SDK's `css` tokens; Divider is a rule. */

export function Box(raw: Props) {
  const p = strip(raw);
  const {style, className} = tokensToStyle(p.css);
  return (
    <div className={`sx-box ${className}`.trim()} style={style}>
      {p.children}
    </div>
  );
}

export function Inline(raw: Props) {
  const p = strip(raw);
  const {style, className} = tokensToStyle(p.css);
  const css = (p.css ?? {}) as Record<string, unknown>;
  // Inline is text-level; given a gap (and no stack) it lays its children out in a row, as the Dashboard does.
  if (style.display === undefined && css.gap !== undefined) {
    style.display = 'inline-flex';
    style.flexWrap = 'wrap';
    style.alignItems =
      css.alignY === 'center'
        ? 'center'
        : css.alignY === 'bottom'
          ? 'flex-end'
          : css.alignY === 'baseline'
            ? 'baseline'
            : undefined;
  }
  const Tag = style.display === 'flex' ? 'div' : 'span';
  return (
    <Tag className={`sx-inline ${className}`.trim()} style={style}>
      {p.children}
    </Tag>
  );
}

export function Divider() {
  return <hr className="sx-divider" />;
}
