import {BLOCK_SCHEMAS, CONSTANTS_SCHEMA, type Kind} from '../seam/app';
import {isRecord} from './check';

/**
 * Keyring's `constants`, checked where they are written: before every build and upload (`npm run check:manifest`,
 * `npm run build`), so a mistake is reported with its path once, at build time, instead of in every Dashboard session.
 * What is checked is `CONSTANTS_SCHEMA` (src/configSchema.ts), the same schema the views' `src/config.ts` takes its
 * defaults from; that reader assumes this check passed and only guards against a missing block.
 */

interface Field {
  kind: Kind | 'block';
  required?: true;
  default?: unknown;
}

const TOP = Object.entries(CONSTANTS_SCHEMA) as [string, Field][];
const BLOCKS = BLOCK_SCHEMAS as Record<string, Record<string, Field>>;

/**
 * Every field of the schema by path (`provider.tokenUrl`), in the schema's order, the blocks' fields in their place.
 */
const FIELDS: [path: string, field: Field][] = TOP.flatMap(([key, field]): [string, Field][] =>
  field.kind === 'block'
    ? Object.entries(BLOCKS[key]).map(([name, inner]) => [`${key}.${name}`, inner])
    : [[key, field]],
);
/** What the manifest must give at the top level: the required fields and the blocks. */
const REQUIRED_TOP = TOP.filter(([, field]) => field.required || field.kind === 'block').map(([key]) => key);

function problemWith(value: unknown, kind: Kind): string | undefined {
  if (kind === 'list') {
    return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item !== '')
      ? undefined
      : 'must be a non-empty list of strings';
  }
  if (kind === 'seconds')
    return typeof value === 'number' && Number.isFinite(value) && value > 0
      ? undefined
      : 'must be a number of seconds, more than 0';
  if (kind === 'days')
    return typeof value === 'number' && Number.isFinite(value) && value >= 0
      ? undefined
      : 'must be a number of days (0 or more)';
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
  if (!isRecord(constants)) return [`constants must hold Keyring's configuration (${REQUIRED_TOP.join(', ')})`];
  const problems: string[] = [];
  for (const block of Object.keys(BLOCKS)) {
    if (!isRecord(constants[block])) problems.push(`constants.${block} must be an object`);
  }
  for (const [path, {kind, required}] of FIELDS) {
    const [head, tail] = path.split('.');
    const parent = tail === undefined ? constants : constants[head];
    if (!isRecord(parent)) continue;
    const value = parent[tail ?? head];
    if (value === undefined) {
      if (required) problems.push(`constants.${path} is required`);
      continue;
    }
    const problem = problemWith(value, kind as Kind);
    if (problem) problems.push(`constants.${path} ${problem}`);
  }
  if (typeof manifestId === 'string' && typeof constants.appId === 'string' && constants.appId !== manifestId) {
    problems.push(
      `constants.appId (${constants.appId}) must equal the manifest's id (${manifestId}): it is part of the OAuth return URL`,
    );
  }
  return problems;
}
