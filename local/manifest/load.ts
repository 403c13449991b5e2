import {readFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';

/**
 * Reading a manifest, apart from checking it: the local Dashboard reads the manifest on every start and change, and
 * check.ts loads the TypeScript compiler (a second of loading here) for its source rules, which `npm start` never runs.
 */

export type Manifest = Record<string, unknown>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `stripe-app.json`, or a local override (`"extends": "stripe-app.json"`) merged over its base. */
export function loadManifest(file: string): Manifest {
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!isRecord(manifest)) throw new Error(`${file} is not a JSON object`);
  const base = manifest.extends;
  if (typeof base !== 'string') return manifest;
  const {extends: _ignored, ...override} = manifest;
  return mergeManifest(loadManifest(resolve(dirname(file), base)), override);
}

/** Objects merge key by key; arrays and values in the override replace the base's. */
export function mergeManifest(base: Manifest, override: Manifest): Manifest {
  const out: Manifest = {...base};
  for (const [key, value] of Object.entries(override)) {
    const existing = out[key];
    out[key] = isRecord(existing) && isRecord(value) ? mergeManifest(existing, value) : value;
  }
  return out;
}
