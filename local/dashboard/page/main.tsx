import {useEffect, useMemo, useState, type ReactNode} from 'react';
import {createRoot} from 'react-dom/client';
import {bodyViewFor, viewFor, type DashboardLocation} from '../navigation';
import {config} from './config';
import {Frame, ObjectPage} from './frame';
import {startLocation} from './location';
import {Notices, Toasts} from './toasts';
import {releasePrestartedFrame, ViewHost} from './view-host';

/**
 * The local Dashboard page: the Dashboard's frame (account, user, mode, pages), the app's drawer, page module or
 * whole-page view, each hosted by a ViewHost (view-host.tsx) whose view runs in a Web Worker, as Stripe's sandbox runs
 * it.
 */

function Dashboard({location, oauthReturn}: {location: DashboardLocation; oauthReturn?: string}) {
  const [reloading, setReloading] = useState(false);
  const [buildErrors, setBuildErrors] = useState<string[]>([]);
  // After the views' own effects (children's run first): a page whose views did not take the prestarted frame drops it.
  useEffect(() => releasePrestartedFrame(), []);
  useEffect(() => {
    const events = new EventSource('/__dashboard/events');
    events.addEventListener('reload', () => {
      setReloading(true);
      window.location.reload();
    });
    events.addEventListener('build-error', (event) => {
      setBuildErrors((JSON.parse((event as MessageEvent<string>).data) as {errors: string[]}).errors);
    });
    // Back and forward between the full page's routes: the address is the state.
    const onPopState = () => window.location.reload();
    window.addEventListener('popstate', onPopState);
    return () => {
      events.close();
      window.removeEventListener('popstate', onPopState);
    };
  }, []);

  const {page} = location;
  const drawerTarget = useMemo(() => viewFor(page, config.app.views, location.objectId), [page, location.objectId]);
  const bodyTarget = useMemo(() => bodyViewFor(page, config.app.views, location.objectId), [page, location.objectId]);
  const hostFor = (target: typeof drawerTarget) =>
    target ? (
      <ViewHost
        key={`${target.view.component}:${target.view.viewport}`}
        component={target.view.component}
        viewport={target.view.viewport}
        objectContext={target.objectContext}
        location={location}
        oauthReturn={oauthReturn}
      />
    ) : null;
  const banner = buildErrors.length ? (
    <Notices notices={buildErrors.map((message) => ({kind: 'build', message}))} />
  ) : null;
  const missing = {
    settings: 'This app has no settings view.',
    onboarding: 'This app has no onboarding view.',
    app: 'This app has no full page view.',
  };

  let content: ReactNode;
  if (page.id === 'settings') {
    content = (
      <main className="ld-main" data-page="settings">
        <div className="ld-settings">
          <div className="ld-crumbs">Settings › Apps</div>
          <h1>{config.app.name}</h1>
          <div className="ld-id">
            {config.app.id} · version {config.app.version}
          </div>
          {banner}
          <div className="ld-settings-card">{hostFor(bodyTarget) ?? <p className="ld-note">{missing.settings}</p>}</div>
        </div>
      </main>
    );
  } else if (page.bodyOnly) {
    content = (
      <main className="ld-main" data-page={page.id}>
        <div className="ld-crumbs">Apps › {config.app.name}</div>
        {banner}
        {hostFor(bodyTarget) ?? <p className="ld-note">{missing[page.id as 'onboarding' | 'app']}</p>}
      </main>
    );
  } else {
    content = (
      <>
        <main className="ld-main" data-page={page.id}>
          <ObjectPage location={location} />
          {bodyTarget ? <section className="ld-page-module">{hostFor(bodyTarget)}</section> : null}
        </main>
        <aside className="ld-drawer" aria-label={`${config.app.name} drawer`}>
          <div className="ld-drawer-head">
            <span className="ld-app-icon">{config.app.name.charAt(0)}</span>
            <span className="ld-drawer-name">{config.app.name}</span>
            <span className="ld-spacer" />
            <span className="ld-id">{drawerTarget ? drawerTarget.view.viewport : ''}</span>
          </div>
          <div className="ld-drawer-scroll">
            {banner}
            {hostFor(drawerTarget) ?? (
              <p className="ld-note" style={{padding: 20}}>
                This app has no view for this page.
              </p>
            )}
          </div>
        </aside>
      </>
    );
  }

  return (
    <Frame location={location}>
      {content}
      <Toasts />
      {reloading ? <div className="ld-reloading">Reloading…</div> : null}
    </Frame>
  );
}

const start = startLocation();
const container = document.getElementById('root');
if (container) createRoot(container).render(<Dashboard location={start.location} oauthReturn={start.oauthReturn} />);
