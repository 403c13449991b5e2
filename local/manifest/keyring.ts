import {isLoopback, isRecord, type AppManifestRules, type Manifest, type ManifestRule} from './check';
import {checkKeyringConstants} from './constants';
import appManifest from '../../stripe-app.json';

/**
 * Keyring's own manifest rules, on top of the ones every Stripe app passes (`MANIFEST_RULES` in check.ts): its
 * constants, the URLs they make it fetch, and a view on each viewport it serves. Keyring's callers pass them in
 * (`npm run check:manifest` and `npm run build` with `--keyring`); a project previewed with `--app` is checked only
 * against Stripe's rules.
 */

/**
 * Keyring's own views — the default drawer, one per object page it supports, and settings — as stripe-app.json lists
 * them: the one list the bench opens and a local or production manifest must keep.
 */
export const KEYRING_VIEWS: readonly {viewport: string; component: string}[] = appManifest.ui_extension.views;
export const KEYRING_VIEWPORTS: readonly string[] = KEYRING_VIEWS.map((view) => view.viewport);

/** `constants` as Keyring reads them (a `constants` that is not an object is already reported by Stripe's rules). */
const keyringConstants: ManifestRule = (manifest) => {
  const {constants} = manifest;
  if (constants !== undefined && constants !== null && !isRecord(constants)) return [];
  return checkKeyringConstants(constants, manifest.id);
};

/** A view on each of `KEYRING_VIEWPORTS`. */
const keyringViews: ManifestRule = (manifest) => {
  const ui = manifest.ui_extension;
  if (!isRecord(ui) || !Array.isArray(ui.views)) return [];
  const present = new Set(ui.views.map((view: unknown) => (isRecord(view) ? view.viewport : undefined)));
  return KEYRING_VIEWPORTS.filter((viewport) => !present.has(viewport)).map(
    (viewport) => `ui_extension.views has no view for "${viewport}", where Keyring shows its credentials`,
  );
};

/**
 * The backend the views send signed requests to: in the production manifest it must be https and not this machine
 * (a signed request carries who the user is; sent in the clear, or to a local server, it would be read or go nowhere).
 * The local override may point it at `npm start`'s backend on 127.0.0.1.
 */
const keyringBackend: ManifestRule = (manifest, {production}) => {
  const constants = manifest.constants;
  if (!production || !isRecord(constants) || typeof constants.backendUrl !== 'string') return [];
  let url: URL;
  try {
    url = new URL(constants.backendUrl);
  } catch {
    return []; // the constants rule reports it
  }
  const problems: string[] = [];
  if (url.protocol !== 'https:')
    problems.push(`constants.backendUrl must use https in the production manifest: ${constants.backendUrl}`);
  if (isLoopback(url) || /^127\./.test(url.hostname))
    problems.push(
      `constants.backendUrl points at this machine; the production manifest needs the deployed backend: ${constants.backendUrl}`,
    );
  return problems;
};

/**
 * Every URL the views fetch: the provider's token, revocation and userinfo endpoints and the backend, from `constants`.
 */
function keyringFetchedUrls(manifest: Manifest): {where: string; url: string}[] {
  const constants = manifest.constants;
  if (!isRecord(constants)) return [];
  const urls: {where: string; url: string}[] = [];
  if (isRecord(constants.provider)) {
    const provider = constants.provider;
    for (const key of ['tokenUrl', 'revokeUrl', 'userinfoUrl']) {
      if (typeof provider[key] === 'string')
        urls.push({where: `constants.provider.${key}`, url: provider[key] as string});
    }
  }
  // The views post to `<backendUrl>/actions/<action>`; connect-src must allow that folder (an entry needs a path).
  if (typeof constants.backendUrl === 'string')
    urls.push({where: 'constants.backendUrl', url: `${constants.backendUrl.replace(/\/+$/, '')}/actions/`});
  // One that is not a URL is the constants rule's to report; here it would only stop the check.
  return urls.filter(({url}) => parses(url));
}

function parses(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

export const KEYRING: AppManifestRules = {
  rules: [keyringConstants, keyringViews, keyringBackend],
  fetchModules: {
    'src/oauth/protocol.ts': 'constants.provider tokenUrl, revokeUrl and userinfoUrl',
    'src/backend/request.ts': 'constants.backendUrl (its actions/ folder)',
    // The SDK's direct path to Stripe's API (an app embedded key), which the Dashboard allows every view.
    'src/sdk/host.ts': 'the URL src/secrets and src/sdk/signature.ts give it on https://api.stripe.com',
  },
  fetchedUrls: keyringFetchedUrls,
};
