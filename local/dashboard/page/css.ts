import type {CSSProperties} from 'react';
import {own} from './own';

/**
 * The SDK's `css` prop takes design tokens, not CSS. This maps them to styles after the Dashboard's values
 * (spacing 2/4/8/16/24/32/48 px, its text colors, radii and shadows). Unknown keys are ignored, as the Dashboard does.
 * @see https://docs.stripe.com/stripe-apps/style
 */
const SPACE: Record<string, number> = {xxsmall: 2, xsmall: 4, small: 8, medium: 16, large: 24, xlarge: 32, xxlarge: 48};
const COLOR: Record<string, string> = {
  brand: 'var(--ld-brand)',
  primary: 'var(--ld-text)',
  secondary: 'var(--ld-text-secondary)',
  disabled: 'var(--ld-text-disabled)',
  info: 'var(--ld-info)',
  success: 'var(--ld-success)',
  attention: 'var(--ld-attention)',
  critical: 'var(--ld-critical)',
};
const RADIUS: Record<string, string> = {
  none: '0',
  xsmall: '2px',
  small: '4px',
  medium: '6px',
  large: '8px',
  rounded: '999px',
};
const SHADOW: Record<string, string> = {
  none: 'none',
  base: '0 1px 3px rgba(0,0,0,.1)',
  top: '0 -1px 3px rgba(0,0,0,.08)',
  hover: '0 4px 12px rgba(0,0,0,.12)',
  focus: '0 0 0 3px rgba(99,91,255,.3)',
};
const FLEX: Record<string, string> = {
  start: 'flex-start',
  top: 'flex-start',
  end: 'flex-end',
  bottom: 'flex-end',
  center: 'center',
  stretch: 'stretch',
  baseline: 'baseline',
};

function space(value: unknown): string | undefined {
  if (typeof value === 'number') return `${value}px`;
  return own(SPACE, value) !== undefined ? `${own(SPACE, value)}px` : undefined;
}

function size(value: unknown): string | undefined {
  if (typeof value === 'number') return `${value}px`;
  if (typeof value !== 'string') return undefined;
  if (value === 'fill') return '100%';
  if (value === 'min' || value === 'max' || value === 'fit') return `${value === 'fit' ? 'fit' : value}-content`;
  if (value === 'auto') return 'auto';
  const fraction = /^(\d+)\/(\d+)$/.exec(value);
  return fraction ? `${(Number(fraction[1]) / Number(fraction[2])) * 100}%` : undefined;
}

export interface TokenStyle {
  style: CSSProperties;
  className: string;
}

export function tokensToStyle(css: unknown): TokenStyle {
  const style: Record<string, string | number> = {};
  const classes: string[] = [];
  if (typeof css !== 'object' || css === null) return {style, className: ''};
  const c = css as Record<string, unknown>;
  const set = (key: string, value: string | number | undefined) => {
    if (value !== undefined) style[key] = value;
  };

  const stack = c.stack;
  if (stack === 'x' || stack === 'y') {
    style.display = 'flex';
    style.flexDirection = stack === 'x' ? 'row' : 'column';
    const main = stack === 'x' ? c.alignX : c.alignY;
    const cross = stack === 'x' ? c.alignY : c.alignX;
    set('justifyContent', c.distribute === 'space-between' ? 'space-between' : own(FLEX, main));
    set('alignItems', own(FLEX, cross));
    set('flexWrap', typeof c.wrap === 'string' ? c.wrap : undefined);
  } else if (stack === 'z') {
    style.display = 'grid';
    style.gridTemplateAreas = '"stack"';
  } else if (c.display === 'grid') {
    style.display = 'grid';
    if (typeof c.gridColumns === 'number') style.gridTemplateColumns = `repeat(${c.gridColumns}, minmax(0, 1fr))`;
  } else if (typeof c.alignX === 'string') {
    set('textAlign', c.alignX === 'center' ? 'center' : c.alignX === 'end' ? 'right' : undefined);
  }
  set('gap', space(c.gap));
  set('columnGap', space(c.gapX ?? c.columnGap));
  set('rowGap', space(c.gapY ?? c.rowGap));
  set('alignSelf', typeof c.alignSelfY === 'string' ? own(FLEX, c.alignSelfY) : own(FLEX, c.alignSelfX));

  for (const [prop, css] of [
    ['padding', 'padding'],
    ['margin', 'margin'],
  ] as const) {
    set(css, space(c[prop]));
    set(`${css}Left`, space(c[`${prop}Left`] ?? c[`${prop}X`]));
    set(`${css}Right`, space(c[`${prop}Right`] ?? c[`${prop}X`]));
    set(`${css}Top`, space(c[`${prop}Top`] ?? c[`${prop}Y`]));
    set(`${css}Bottom`, space(c[`${prop}Bottom`] ?? c[`${prop}Y`]));
  }
  for (const key of ['width', 'height', 'minWidth', 'maxWidth', 'minHeight', 'maxHeight']) set(key, size(c[key]));
  for (const key of ['top', 'bottom', 'left', 'right', 'inset']) set(key, space(c[key]));

  if (typeof c.font === 'string') classes.push(`sx-font-${c.font}`);
  set(
    'fontWeight',
    c.fontWeight === 'semibold' ? 600 : c.fontWeight === 'bold' ? 700 : c.fontWeight === 'regular' ? 400 : undefined,
  );
  set('fontFamily', c.fontFamily === 'monospace' ? 'Menlo, Consolas, monospace' : undefined);
  set('color', own(COLOR, c.color));
  set('fill', own(COLOR, c.fill));
  set(
    'background',
    c.backgroundColor === 'container'
      ? 'var(--ld-container)'
      : c.backgroundColor === 'surface'
        ? 'var(--ld-surface)'
        : undefined,
  );
  set('borderRadius', own(RADIUS, c.borderRadius));
  set('boxShadow', own(SHADOW, c.boxShadow));
  if (typeof c.keyline === 'string')
    style.border = `1px solid ${c.keyline === 'critical' ? '#ffccdf' : 'var(--ld-keyline)'}`;
  if (typeof c.borderWidth === 'number' || typeof c.borderStyle === 'string' || typeof c.borderColor === 'string') {
    style.borderWidth = `${typeof c.borderWidth === 'number' ? c.borderWidth : 1}px`;
    style.borderStyle = typeof c.borderStyle === 'string' ? c.borderStyle : 'solid';
    style.borderColor = c.borderColor === 'critical' ? 'var(--ld-critical)' : 'var(--ld-border)';
  }
  for (const key of [
    'textAlign',
    'whiteSpace',
    'overflow',
    'overflowX',
    'overflowY',
    'wordBreak',
    'overflowWrap',
    'textOverflow',
    'textTransform',
  ]) {
    if (typeof c[key] === 'string') style[key] = c[key] as string;
  }
  return {style: style as CSSProperties, className: classes.join(' ')};
}
