import type {KeyringConfig} from './config';

/**
 * The one description of the manifest's `constants`: each field's kind, and whether it is required or has a default.
 * `npm run check:manifest` checks the manifest against it (local/manifest/constants.ts) and `parseConfig` applies its
 * defaults; `satisfies` ties it to `KeyringConfig`, so a field added to one and not the other fails the typecheck.
 * The fields inside a block (`provider`, `apiKey`) are in `BLOCK_SCHEMAS`, apart, so that the bundle, which needs only
 * the top level, does not carry them.
 */

/**
 * How a value is checked at build time: a non-empty string, a URL, a regular expression, a list, a number of days or
 * of seconds.
 */
export type Kind = 'text' | 'url' | 'regexp' | 'list' | 'days' | 'seconds';

type Leaf = string | number | string[];
type KindOf<V> = V extends string[]
  ? 'list'
  : V extends number
    ? 'days' | 'seconds'
    : V extends string
      ? 'text' | 'url' | 'regexp'
      : never;

/** A field `KeyringConfig` may leave out. */
interface OptionalField<V> {
  kind: KindOf<V>;
}
/** A field `KeyringConfig` always has: the manifest must give it, or the schema gives a default. */
type RequiredField<V> = OptionalField<V> & ({required: true} | {default: V});
/** An object of fields, described in `BLOCK_SCHEMAS`; the manifest must give it. */
interface Block {
  kind: 'block';
}

export type ConstantsSchema<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends Leaf
    ? undefined extends T[K]
      ? OptionalField<NonNullable<T[K]>>
      : RequiredField<T[K]>
    : Block;
};

type BlockKeys<T> = {[K in keyof T]-?: NonNullable<T[K]> extends Leaf ? never : K}[keyof T];
export type BlockSchemas<T> = {[K in BlockKeys<T>]-?: ConstantsSchema<NonNullable<T[K]>>};

export const CONSTANTS_SCHEMA = {
  appId: {kind: 'text', required: true},
  dashboardOrigin: {kind: 'url', default: 'https://dashboard.stripe.com'},
  provider: {kind: 'block'},
  apiKey: {kind: 'block'},
  manageRoles: {kind: 'list', default: ['admin', 'super_admin', 'developer']},
  expiryWarningDays: {kind: 'days', default: 7},
  backendUrl: {kind: 'url'},
} satisfies ConstantsSchema<KeyringConfig>;

export const BLOCK_SCHEMAS = {
  provider: {
    name: {kind: 'text', required: true},
    authorizeUrl: {kind: 'url', required: true},
    tokenUrl: {kind: 'url', required: true},
    revokeUrl: {kind: 'url'},
    userinfoUrl: {kind: 'url'},
    clientId: {kind: 'text', required: true},
    scopes: {kind: 'list', required: true},
    timeoutSeconds: {kind: 'seconds'},
  },
  apiKey: {
    label: {kind: 'text', required: true},
    format: {kind: 'regexp'},
    example: {kind: 'text'},
  },
} satisfies BlockSchemas<KeyringConfig>;
