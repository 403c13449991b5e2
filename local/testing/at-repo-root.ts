import {resolve} from 'node:path';

/**
 * The local Stripe's tests drive Keyring, the workspace's Stripe App, the way `npm start` does: from the repository's
 * root, where the app's manifest is the default `--app` and `.local-data/` lives. `npm test -w local` starts Jest in
 * local/, so each test file moves to the root first.
 */
process.chdir(resolve(__dirname, '..', '..'));
