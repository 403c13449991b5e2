/**
 * Stripe's public example apps (github.com/stripe/stripe-apps, `examples/`) that `npm start -- --app <dir>` is measured
 * against: today's full-page example, and seven older ones from the last commit before "remove all old examples"
 * (#1038). `npm run examples` extracts, installs and measures them; local/README.md's compatibility table is its
 * output.
 */
export interface Example {
  /** The folder name under the work directory. */
  name: string;
  /** The commit of stripe/stripe-apps the example is taken from. */
  commit: string;
  /** The app's folder in that commit (the UI extension, where an example also has a backend). */
  path: string;
  /**
   * Build steps the example needs after its install, run by name (install scripts never run). None of today's
   * examples needs one: the local Dashboard bundles them with its own esbuild.
   */
  build?: readonly BuildStep[];
}

/** One command an example needs after installing, with why: `npm <args>`, in the example's folder. */
export interface BuildStep {
  args: string[];
  why: string;
}

/** The parent of 5c58932 "remove all old examples (#1038)". */
export const OLD_EXAMPLES_COMMIT = '9679b3b1db6d2befc855ecad2c3452067bfecda1';
/** The main branch as fetched for this table (full-page is the only example left there). */
const CURRENT_COMMIT = '9b14b71be496ca299401b3303b572856fd19baf4';

export const EXAMPLES: readonly Example[] = [
  {name: 'secret-store', commit: OLD_EXAMPLES_COMMIT, path: 'examples/secret-store/ui-extension'},
  {name: 'dropbox-oauth-pkce', commit: OLD_EXAMPLES_COMMIT, path: 'examples/dropbox-oauth-pkce'},
  {name: 'settings-view', commit: OLD_EXAMPLES_COMMIT, path: 'examples/settings-view/bring-your-own-backend/frontend'},
  {name: 'focus-view', commit: OLD_EXAMPLES_COMMIT, path: 'examples/focus-view'},
  {name: 'show-toast', commit: OLD_EXAMPLES_COMMIT, path: 'examples/show-toast'},
  {name: 'routing', commit: OLD_EXAMPLES_COMMIT, path: 'examples/routing'},
  {name: 'accessing-contextual-data', commit: OLD_EXAMPLES_COMMIT, path: 'examples/accessing-contextual-data'},
  {name: 'full-page', commit: CURRENT_COMMIT, path: 'examples/full-page'},
];

/** What `prepare` records for each example, next to it in `<dir>/examples.json`. */
export interface Prepared {
  name: string;
  commit: string;
  path: string;
  installed: boolean;
  /** The install commands and changes, in order, each with why it was needed. */
  steps: {what: string; why?: string}[];
  /** Versions npm installed, read from node_modules. */
  sdk?: string;
  stripe?: string;
  /** Installed packages whose install scripts were skipped (`--ignore-scripts`). */
  skippedScripts?: string[];
  /** npm's last error, when nothing installed. */
  error?: string;
}
