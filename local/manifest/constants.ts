/**
 * Keyring's `constants`, checked where they are written: before every build and upload (`npm run check:manifest`,
 * `npm run build`), so a mistake is reported with its path once, at build time, instead of in every Dashboard session.
 * The views read them with `src/config.ts`, which assumes this check passed and only guards against a missing block.
 */

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

type Kind = 'text' | 'url' | 'list' | 'regexp' | 'days';

/** [path, kind, required]: every constant the app reads. */
const FIELDS: [string, Kind, boolean][] = [
  ['appId', 'text', true],
  ['dashboardOrigin', 'url', false],
  ['provider.name', 'text', true],
  ['provider.authorizeUrl', 'url', true],
  ['provider.tokenUrl', 'url', true],
  ['provider.revokeUrl', 'url', false],
  ['provider.userinfoUrl', 'url', false],
  ['provider.clientId', 'text', true],
  ['provider.scopes', 'list', true],
  ['apiKey.label', 'text', true],
  ['apiKey.format', 'regexp', false],
  ['apiKey.example', 'text', false],
  ['manageRoles', 'list', false],
  ['expiryWarningDays', 'days', false],
];

function problemWith(value: unknown, kind: Kind): string | undefined {
  if (kind === 'list') {
    return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item !== '')
      ? undefined
      : 'must be a non-empty list of strings';
  }
  if (kind === 'days') return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? undefined : 'must be a number of days (0 or more)';
  if (typeof value !== 'string' || value === '') return 'must be a non-empty string';
  if (kind === 'url') {
    try {
      new URL(value);
    } catch {
      return `is not a URL: ${value}`;
    }
  }
  if (kind === 'regexp') {
    try {
      new RegExp(value);
    } catch {
      return `is not a regular expression: ${value}`;
    }
  }
  return undefined;
}

/** Problems with Keyring's constants, each naming its path (`constants.provider.tokenUrl …`). */
export function checkKeyringConstants(constants: unknown, manifestId?: unknown): string[] {
  if (!isRecord(constants)) return ['constants must hold Keyring\'s configuration (appId, provider, apiKey)'];
  const problems: string[] = [];
  for (const block of ['provider', 'apiKey']) {
    if (!isRecord(constants[block])) problems.push(`constants.${block} must be an object`);
  }
  for (const [path, kind, required] of FIELDS) {
    const [head, tail] = path.split('.');
    const parent = tail === undefined ? constants : constants[head];
    if (!isRecord(parent)) continue;
    const value = parent[tail ?? head];
    if (value === undefined) {
      if (required) problems.push(`constants.${path} is required`);
      continue;
    }
    const problem = problemWith(value, kind);
    if (problem) problems.push(`constants.${path} ${problem}`);
  }
  if (typeof manifestId === 'string' && typeof constants.appId === 'string' && constants.appId !== manifestId) {
    problems.push(`constants.appId (${constants.appId}) must equal the manifest's id (${manifestId}): it is part of the OAuth return URL`);
  }
  return problems;
}
