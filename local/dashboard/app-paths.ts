import {COMPONENT_PATTERN, ID_PATTERN} from '../manifest/rules';
import type {Manifest} from '../manifest/load';

/**
 * The manifest values the local Dashboard turns into paths: the app `id` names its data folder
 * (`.local-data/apps/<id>/secret-store`, created and made 0700) and each view's `component` names a file in `src/views`
 * that is bundled. `--app` may point at any project, so both follow the manifest schema's rules before they are used:
 * no `/`, no `..`, nothing that leaves those folders.
 */
export function checkManifestPaths(manifest: Manifest, file: string): void {
  const {id} = manifest;
  if (id !== undefined && (typeof id !== 'string' || !ID_PATTERN.test(id) || /^\.+$/.test(id))) {
    throw new Error(
      `${file}: "id" ${JSON.stringify(String(id).slice(0, 80))} is not an app id (letters, digits, _, - and ., like com.example.app).`,
    );
  }
  const ui = manifest.ui_extension;
  const views =
    typeof ui === 'object' && ui !== null && Array.isArray((ui as Record<string, unknown>).views)
      ? ((ui as Record<string, unknown>).views as unknown[])
      : [];
  views.forEach((view, i) => {
    const component =
      typeof view === 'object' && view !== null ? (view as Record<string, unknown>).component : undefined;
    if (component !== undefined && (typeof component !== 'string' || !COMPONENT_PATTERN.test(component))) {
      throw new Error(
        `${file}: ui_extension.views[${i}].component ${JSON.stringify(String(component).slice(0, 80))} is not a component name (letters, digits and _, the name of a file in src/views).`,
      );
    }
  });
}
