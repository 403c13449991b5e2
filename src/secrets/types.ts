/**
 * The Secret Store's shapes, exactly as Stripe defines them (`apps.secret`), in one place.
 * The app and the local emulator both import these, so the two cannot drift apart.
 * @see https://docs.stripe.com/api/secret_management
 */

/** A user scope without a user cannot be written down. */
export type SecretScope = {type: 'account'} | {type: 'user'; user: string};

export interface Secret {
  id: string;
  object: 'apps.secret';
  created: number;
  livemode: boolean;
  name: string;
  /** Unix seconds; null when no expiry was set. */
  expires_at: number | null;
  scope: SecretScope;
  /** Present only when asked for with `expand` (`payload`, or `data.payload` on list). */
  payload?: string | null;
}

/** Delete answers with only these three keys; clients must rely on nothing else. */
export interface DeletedSecret {
  id: string;
  object: 'apps.secret';
  deleted: true;
}

export interface SecretList {
  object: 'list';
  url: '/v1/apps/secrets';
  has_more: boolean;
  data: Secret[];
}

/** Limits Stripe documents for the Secret Store; both the app's validation and the emulator use them. */
export const SECRET_LIMITS = {
  /** `name`, `payload` and `scope[user]` (OpenAPI `maxLength`). */
  maxStringLength: 5000,
  /** Per app, in the account scope and in each user scope. Replacing a name does not count. */
  maxPerScope: 10,
  /** `expires_at` "can't be more than 100 years in the future". */
  maxExpiryYears: 100,
  listLimitDefault: 10,
  listLimitMax: 100,
} as const;

/** The latest `expires_at` Stripe accepts at `nowSeconds`: the same calendar moment 100 years on (UTC). */
export function maxExpiresAt(nowSeconds: number): number {
  const date = new Date(nowSeconds * 1000);
  date.setUTCFullYear(date.getUTCFullYear() + SECRET_LIMITS.maxExpiryYears);
  return Math.floor(date.getTime() / 1000);
}

export function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
