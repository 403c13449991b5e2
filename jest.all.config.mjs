import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import app from './jest.config.mjs';
import appBrowser from './jest.e2e.config.mjs';
import local from './local/jest.config.mjs';
import localBrowser from './local/jest.e2e.config.mjs';
import backend from './backend/jest.config.mjs';
import {CHROMIUM} from './local/testing/jest.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Every suite of the workspace in one Jest run (`npm test` runs this after lint, typecheck and build): the app, its
 * browser tests, the local Stripe and its browser tests, the backend. One run schedules all their files over the
 * workers together, slowest first, so a file waiting on a server it started overlaps with another's work; five runs
 * in a row left one core idle most of the time. Each package still runs alone (`npm test -w local`, …).
 */
const browsers = existsSync(CHROMIUM);
if (!browsers)
  console.warn(
    `jest: the browser tests are skipped — they need Debian's Chromium at ${CHROMIUM} (apt-get install -y chromium).`,
  );

// What only a whole run may set (reporters, workers) comes from here, not from the projects.
const project = (config) => {
  const own = {...config};
  delete own.reporters;
  delete own.maxWorkers;
  return own;
};

export default {
  rootDir: root,
  reporters: ['default', [path.join(root, 'local/testing/summary-reporter.mjs'), {label: 'all'}]],
  projects: [app, local, backend, ...(browsers ? [appBrowser, localBrowser] : [])].map(project),
};
