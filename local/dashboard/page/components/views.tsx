import type {Callback, Props} from './props';
import {call, fn, node, pressEvent, safeHref, safeRel, safeTarget, str, strip} from './props';

/** The view shells a manifest view renders into: ContextView (drawers), SettingsView, SignInView and FocusView. */

/** A view's footer: its content on the left, the secondary and primary actions on the right. */
function Footer({p}: {p: Props}) {
  return (
    <footer className="sx-contextview-footer">
      {node(p.footerContent)}
      <span className="ld-spacer" />
      {node(p.secondaryAction)}
      {node(p.primaryAction)}
    </footer>
  );
}

export function ContextView(raw: Props) {
  const p = strip(raw);
  const external = p.externalLink as {label?: unknown; href?: unknown} | undefined;
  const externalHref = safeHref('ContextView externalLink', external?.href);
  const footer = p.primaryAction || p.secondaryAction || p.footerContent;
  return (
    <section className="sx-contextview" data-component="ContextView">
      <header
        className="sx-contextview-header"
        style={str(p.brandColor) ? {borderTop: `3px solid ${str(p.brandColor)}`} : undefined}
      >
        <h2 className="sx-contextview-title">{str(p.title)}</h2>
        {str(p.description) ? <div className="sx-contextview-description">{str(p.description)}</div> : null}
        {externalHref ? (
          <a className="sx-external" href={externalHref} target="_blank" rel="noopener noreferrer">
            {str(external?.label) ?? externalHref} ↗
          </a>
        ) : null}
      </header>
      {p.actions ? <div className="sx-contextview-actions">{node(p.actions)}</div> : null}
      {p.banner ? <div className="sx-contextview-banner">{node(p.banner)}</div> : null}
      <div className="sx-contextview-body">{p.children}</div>
      {footer ? <Footer p={p} /> : null}
    </section>
  );
}

/** The settings page: a form; `onSave` gets `{[field name]: value}`, and its absence drops the Save button. */
export function SettingsView(raw: Props) {
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

type SignInAction = {label?: unknown; href?: unknown; target?: unknown; onPress?: Callback} | undefined;

function ActionButton({action, primary}: {action: SignInAction; primary: boolean}) {
  const label = str(action?.label);
  if (!action || !label) return null;
  const type = primary ? 'primary' : 'secondary';
  const which = `SignInView ${primary ? 'primaryAction' : 'secondaryAction'}`;
  const href = safeHref(which, action.href);
  if (href) {
    // The Dashboard's sign-in link leaves for the provider in the same tab (its `_top`: here the page is the top).
    const target = safeTarget(which, action.target);
    return (
      <a
        className="sx-button"
        data-type={type}
        href={href}
        target={target}
        rel={safeRel(target, undefined)}
        onClick={(e) => call(action.onPress, pressEvent(e))}
      >
        {label}
      </a>
    );
  }
  return (
    <button type="button" className="sx-button" data-type={type} onClick={(e) => call(action.onPress, pressEvent(e))}>
      {label}
    </button>
  );
}

export function SignInView(raw: Props) {
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

export function FocusView(raw: Props) {
  const p = strip(raw);
  if (p.shown === false) return null;
  return (
    <section className="sx-contextview" data-component="FocusView" style={{borderTop: '1px solid var(--ld-keyline)'}}>
      <header className="sx-contextview-header">
        <h2 className="sx-contextview-title">{str(p.title)}</h2>
      </header>
      <div className="sx-contextview-body">{p.children}</div>
      <Footer p={p} />
    </section>
  );
}
