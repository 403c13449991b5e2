import {readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {ConfigError, parseConfig, type KeyringConfig} from '../src/config';
import {BLOCK_SCHEMAS, CONSTANTS_SCHEMA, type ConstantsSchema} from '../src/configSchema';
import {checkKeyringConstants} from '../local/manifest/constants';

/**
 * The one schema for the manifest's `constants` (src/configSchema.ts) and its two readers: the build-time check
 * (local/manifest/constants.ts) and the views' `parseConfig` (src/config.ts).
 */

const root = resolve(__dirname, '..');
type Constants = Record<string, Record<string, unknown> | unknown>;
const constants = () =>
  (JSON.parse(readFileSync(join(root, 'stripe-app.json'), 'utf8')) as {id: string; constants: Constants}).constants;

/** Every leaf of the schema as [path, field], e.g. ['provider.tokenUrl', {kind: 'url', required: true}]. */
const leaves = Object.entries(CONSTANTS_SCHEMA).flatMap(([key, entry]) =>
  entry.kind === 'block'
    ? Object.entries(BLOCK_SCHEMAS[key as keyof typeof BLOCK_SCHEMAS]).map(([name, field]) => [`${key}.${name}`, field])
    : [[key, entry]],
) as [string, {kind: string; required?: true; default?: unknown}][];

function withValue(path: string, value: unknown): Constants {
  const c = constants() as Record<string, Record<string, unknown>>;
  const [head, tail] = path.split('.');
  if (tail === undefined) (c as Record<string, unknown>)[head] = value;
  else c[head][tail] = value;
  return c;
}

describe('parseConfig', () => {
  it('fills in the defaults for what the manifest leaves out, and keeps what it gives', () => {
    const c = constants() as Record<string, unknown>;
    delete c.dashboardOrigin;
    delete c.manageRoles;
    delete c.expiryWarningDays;
    const config = parseConfig(c as never);
    expect(config.dashboardOrigin).toBe('https://dashboard.stripe.com');
    expect(config.manageRoles).toEqual(['admin', 'super_admin', 'developer']);
    expect(config.expiryWarningDays).toBe(7);
    expect(config.provider).toEqual(constants().provider);
    expect(parseConfig({...c, expiryWarningDays: 0, manageRoles: ['admin']} as never)).toMatchObject({
      expiryWarningDays: 0,
      manageRoles: ['admin'],
    });
  });

  it('an empty string or null counts as left out: the default applies', () => {
    expect(
      parseConfig({...(constants() as object), expiryWarningDays: null, dashboardOrigin: ''} as never),
    ).toMatchObject({
      expiryWarningDays: 7,
      dashboardOrigin: 'https://dashboard.stripe.com',
    });
  });

  it('no constants at all: the first required field is named', () => {
    expect(() => parseConfig(undefined as never)).toThrow(
      new ConfigError('appId is missing (npm run check:manifest explains)'),
    );
    expect(new ConfigError('x').message).toBe('stripe-app.json constants: x');
  });

  it.each(['appId', 'provider', 'apiKey'])('refuses constants without %s', (key) => {
    const c = constants() as Record<string, unknown>;
    delete c[key];
    expect(() => parseConfig(c as never)).toThrow(
      new ConfigError(`${key} is missing (npm run check:manifest explains)`),
    );
  });
});

describe('the build-time check reads the same schema', () => {
  it('passes the manifest', () => {
    expect(checkKeyringConstants(constants(), 'com.keyring.credentials')).toEqual([]);
  });

  it.each(leaves.filter(([, field]) => field.required))('requires %s', (path) => {
    expect(checkKeyringConstants(withValue(path, undefined), 'com.keyring.credentials')).toContain(
      `constants.${path} is required`,
    );
  });

  it.each(leaves)('checks %s as its kind says', (path, {kind}) => {
    const wrong =
      kind === 'list' ? [] : kind === 'days' ? -1 : kind === 'url' ? 'no url' : kind === 'regexp' ? '(' : '';
    const problems = checkKeyringConstants(withValue(path, wrong), 'com.keyring.credentials');
    expect(problems.join('\n')).toMatch(new RegExp(`^constants\\.${path.replace('.', '\\.')} (must|is not)`, 'm'));
  });
});

// Checked by `npm run typecheck`: the schema cannot drift from KeyringConfig.
export const drifts = [
  // @ts-expect-error a field KeyringConfig does not have
  {...CONSTANTS_SCHEMA, colour: {kind: 'text'}} satisfies ConstantsSchema<KeyringConfig>,
  // @ts-expect-error a field KeyringConfig always has, neither required nor defaulted
  {...CONSTANTS_SCHEMA, appId: {kind: 'text'}} satisfies ConstantsSchema<KeyringConfig>,
  // @ts-expect-error a kind that does not fit the field's type
  {...CONSTANTS_SCHEMA, expiryWarningDays: {kind: 'url', default: 7}} satisfies ConstantsSchema<KeyringConfig>,
];
