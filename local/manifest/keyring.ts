import {isRecord, type AppManifestRules, type Manifest, type ManifestRule} from './check';
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

/** Every URL the views fetch: the provider's token, revocation and userinfo endpoints from `constants`. */
function keyringFetchedUrls(manifest: Manifest): {where: string; url: string}[] {
  const constants = manifest.constants;
  if (!isRecord(constants) || !isRecord(constants.provider)) return [];
  const provider = constants.provider;
  return ['tokenUrl', 'revokeUrl', 'userinfoUrl']
    .filter((key) => typeof provider[key] === 'string')
    .map((key) => ({where: `constants.provider.${key}`, url: provider[key] as string}));
}

export const KEYRING: AppManifestRules = {
  rules: [keyringConstants, keyringViews],
  fetchModules: {'src/oauth/connection.ts': 'constants.provider tokenUrl, revokeUrl and userinfoUrl'},
  fetchedUrls: keyringFetchedUrls,
};
