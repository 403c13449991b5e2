import {useContext} from 'react';
import {NavigationContext} from '../navigation-context';
import {call, fn, node, pressEvent, safeHref, safeRel, safeTarget, str, strip, type Props} from './props';

/** Actions: Button, ButtonGroup and Link. An `href` is a link; a route descriptor is navigated by the page. */

function useHref(component: string, href: unknown): {href?: string; route?: unknown} {
  // A string href that is not http:, https: or relative is dropped: the element renders without a link.
  if (typeof href === 'string') return {href: safeHref(component, href)};
  if (href && typeof href === 'object') return {route: href};
  return {};
}

export function Button(raw: Props) {
  const p = strip(raw);
  const navigate = useContext(NavigationContext);
  const {href, route} = useHref('Button', p.href);
  const target = safeTarget('Button', p.target);
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
        target={target}
        rel={safeRel(target, undefined)}
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

export function ButtonGroup(raw: Props) {
  const p = strip(raw);
  return (
    <div style={{display: 'flex', gap: 8, flexWrap: 'wrap'}}>
      {p.children}
      {node(p.menuTrigger)}
    </div>
  );
}

export function Link(raw: Props) {
  const p = strip(raw);
  const navigate = useContext(NavigationContext);
  const {href, route} = useHref('Link', p.href);
  const onPress = fn(p.onPress);
  if (href !== undefined) {
    const target = safeTarget('Link', p.target) ?? (p.external === true ? '_blank' : undefined);
    return (
      <a
        className="sx-link"
        data-type={str(p.type) ?? 'primary'}
        href={p.disabled === true ? undefined : href}
        target={target}
        rel={safeRel(target, p.rel)}
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
