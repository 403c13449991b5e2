import type {ReactNode} from 'react';
import {ACCOUNT, locationHref, PAGES, USERS, type DashboardLocation, type DashboardPage} from '../navigation';
import {AppEvents} from './app-events';
import {config} from './config';
import {go} from './location';

/** The Dashboard's frame: top bar (account, mode, user), sidebar of pages, and the object page a drawer sits beside. */

export function ObjectPage({location}: {location: DashboardLocation}) {
  const {page} = location;
  if (page.id === 'home') {
    return (
      <>
        <h1>Home</h1>
        <p className="ld-note">
          This is a local stand-in for the Stripe Dashboard. The drawer on the right runs the app’s real views from{' '}
          <code>src/views</code> in a Web Worker, as Stripe’s sandbox does, against a local Secret Store. Pick a page on
          the left for a view with an object, switch the user or the mode above.
        </p>
        <dl className="ld-facts">
          <dt>App</dt>
          <dd>
            {config.app.name} <span className="ld-id">{config.app.id}</span> {config.app.version}
          </dd>
          <dt>Permissions</dt>
          <dd>{config.app.permissions.length ? config.app.permissions.join(', ') : 'none'}</dd>
          <dt>connect-src</dt>
          <dd>{config.app.connectSrc?.length ? config.app.connectSrc.join(' ') : 'none'}</dd>
          <dt>Views</dt>
          <dd>{config.app.views.map((v) => `${v.component} (${v.viewport})`).join(', ')}</dd>
          <dt>OAuth provider</dt>
          <dd>{config.oauth ? config.oauth.url : 'not running'}</dd>
        </dl>
      </>
    );
  }
  const detail = page.detail ? PAGES.find((p) => p.id === page.detail) : undefined;
  if (detail?.object) {
    // A list page: one row, the sample object, opening its detail page.
    return (
      <>
        <h1>{page.label}</h1>
        <table className="ld-table">
          <tbody>
            <tr>
              <td>
                <a href={locationHref({page: detail.id, user: location.user.id, mode: location.mode})}>
                  {detail.object.title}
                </a>
              </td>
              <td className="ld-id">{detail.object.id}</td>
              {detail.object.fields.slice(0, 2).map(([label, value]) => (
                <td key={label}>{value}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </>
    );
  }
  if (!page.object) {
    return (
      <>
        <h1>{page.label}</h1>
        <p className="ld-note">
          A stand-in for the Dashboard’s {page.label} page: the drawer opens the app’s <code>{page.viewport}</code>{' '}
          view, or its default drawer.
        </p>
      </>
    );
  }
  return (
    <>
      <div className="ld-crumbs">{page.label}</div>
      <h1>{page.object.title}</h1>
      <div className="ld-id">{location.objectId ?? page.object.id}</div>
      <dl className="ld-facts">
        {page.object.fields.map(([label, value]) => (
          <FactRow key={label} label={label} value={value} />
        ))}
      </dl>
    </>
  );
}

function FactRow({label, value}: {label: string; value: string}) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

const GROUPS: {id: DashboardPage['group']; heading?: string}[] = [
  {id: 'main'},
  {id: 'billing', heading: 'Billing'},
  {id: 'more', heading: 'More'},
];

/** The apps section lists the app's own pages: its full page and its onboarding, when it has those views. */
function appPages(): DashboardPage[] {
  return PAGES.filter((p) => p.group === 'apps' && config.app.views.some((v) => v.viewport === p.body));
}

export function Frame({location, children}: {location: DashboardLocation; children: ReactNode}) {
  const {page, user, mode} = location;
  const link = (p: DashboardPage, label: string = p.label) => (
    <a
      key={p.id}
      href={locationHref({page: p.id, user: user.id, mode})}
      aria-current={p.id === page.id ? 'page' : undefined}
    >
      {label}
    </a>
  );
  const apps = appPages();
  return (
    <div className="ld-frame" data-mode={mode}>
      <div className="ld-teststrip" data-mode={mode} />
      <header className="ld-topbar">
        <div className="ld-account">
          <span className="ld-account-mark">{ACCOUNT.name.charAt(0)}</span>
          {ACCOUNT.name}
        </div>
        <AppEvents user={user.id} mode={mode} />
        <span className="ld-spacer" />
        <button
          type="button"
          className="ld-modeswitch"
          role="switch"
          aria-checked={mode === 'test'}
          aria-label="Test mode"
          onClick={() => go({page: page.id, user: user.id, mode: mode === 'test' ? 'live' : 'test'})}
        >
          <span className="ld-modeswitch-track" />
          Test mode
        </button>
        <label>
          Signed in as
          <select
            aria-label="Dashboard user"
            value={user.id}
            onChange={(e) => go({page: page.id, user: e.target.value, mode})}
          >
            {USERS.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.roleName})
              </option>
            ))}
          </select>
        </label>
      </header>
      <div className="ld-body">
        <nav className="ld-sidebar" aria-label="Pages">
          {GROUPS.map((group) => (
            <div key={group.id}>
              {group.heading ? <div className="ld-sidebar-heading">{group.heading}</div> : null}
              {PAGES.filter((p) => p.group === group.id).map((p) => link(p))}
            </div>
          ))}
          {apps.length ? <div className="ld-sidebar-heading">Apps</div> : null}
          {apps.map((p) => link(p, p.id === 'app' ? config.app.name : `${config.app.name}: ${p.label}`))}
          <div className="ld-sidebar-heading">Settings</div>
          {link(PAGES.find((p) => p.id === 'settings') as DashboardPage, config.app.name)}
        </nav>
        {children}
      </div>
    </div>
  );
}
