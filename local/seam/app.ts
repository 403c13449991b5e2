/**
 * The one seam between the local Stripe and the Stripe App: everything the tooling takes from `src/` passes here, so
 * the app can change freely behind it and lint (eslint.config.mjs, zone "local ↛ src") keeps every other file of
 * local/ from reaching into the app. Only types, limits and schemas: no React, no app behaviour.
 * - The Secret Store's shapes and limits: the emulator answers with the same types the app's client reads, so the two
 *   cannot drift.
 * - The manifest constants' schema: `check:manifest --keyring` checks Keyring's manifest against it.
 * - The API version the app's client pins: the stripe-node oracle bundle sends the same one.
 */
export {maxExpiresAt, SECRET_LIMITS} from '../../src/secrets/types';
export type {DeletedSecret, Secret, SecretList, SecretScope} from '../../src/secrets/types';
export {BLOCK_SCHEMAS, CONSTANTS_SCHEMA} from '../../src/configSchema';
export type {Kind} from '../../src/configSchema';
export {STRIPE_API_VERSION} from '../../src/secrets/client';
