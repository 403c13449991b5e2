import {existsSync, watch, type FSWatcher} from 'node:fs';
import {join} from 'node:path';
import type {BuildOutcome} from '../bundle';
import type {Events} from './events';

/**
 * What a change does. A source change rebuilds a bundle (the bundler watches those): the page reloads after a good
 * build and shows a failed one. A manifest change (a view, a permission, connect-src) is watched here: the caller
 * reloads the project, its sessions and the worker.
 */

/** The bundler's outcomes: the first build of each bundle is timed; every later one reloads the page or reports. */
export function reportBuilds(log: (line: string) => void, events: Pick<Events, 'broadcast'>) {
  const firstBuilds: Partial<Record<BuildOutcome['which'], number>> = {};
  let pageCached = false;
  const onBuilt = (outcome: BuildOutcome) => {
    if (firstBuilds[outcome.which] === undefined) {
      firstBuilds[outcome.which] = outcome.ms;
      if (outcome.which === 'page') pageCached = outcome.cached === true;
      if (!outcome.ok) log(`Build of the ${outcome.which} failed:\n${outcome.errors.join('\n')}`);
      return;
    }
    if (outcome.ok) {
      log(`Rebuilt the ${outcome.which} in ${outcome.ms} ms; reloading the page`);
      events.broadcast('reload', {which: outcome.which});
    } else {
      log(`Rebuild of the ${outcome.which} failed:\n${outcome.errors.join('\n')}`);
      events.broadcast('build-error', {errors: outcome.errors});
    }
  };
  return {
    onBuilt,
    buildTimes: () => ({worker: firstBuilds.worker ?? 0, page: firstBuilds.page ?? 0, pageCached}),
  };
}

/** Calls `onChange` once a burst of changes to the app's manifests settles (100 ms); returns how to stop watching. */
export function watchManifest(appDir: string, onChange: () => void): () => void {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  for (const file of [join(appDir, 'stripe-app.json'), join(appDir, 'stripe-app.local.json')]) {
    if (!existsSync(file)) continue;
    const watcher = watch(file, () => {
      clearTimeout(timer);
      timer = setTimeout(onChange, 100);
    });
    watcher.unref();
    watchers.push(watcher);
  }
  // A change just before stopping must not reload (and start an esbuild watcher) after the Dashboard closed.
  return () => {
    clearTimeout(timer);
    watchers.forEach((w) => w.close());
  };
}
