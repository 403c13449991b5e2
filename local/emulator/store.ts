import type {SecretScope} from '../seam/app';
import {SECRET_LIMITS} from '../seam/app';
import {newSecretId} from './ids';

/**
 * The Secret Store's state: one bucket per (mode, account, scope), each a map from name to secret.
 * Live and test mode, each account and each scope are separate; a bucket holds at most 10 live secrets.
 * Expiry is enforced whenever a bucket is touched, so an expired secret behaves as deleted without a sweeper.
 * @see https://docs.stripe.com/stripe-apps/store-secrets
 */

/** Which store a request acts on: the key's mode and the account (Stripe-Account or the default). */
export interface Space {
  livemode: boolean;
  account: string;
}

export interface StoredSecret {
  id: string;
  livemode: boolean;
  account: string;
  scope: SecretScope;
  name: string;
  payload: string;
  /** Unix seconds. */
  created: number;
  /** Unix seconds, or null for never. */
  expiresAt: number | null;
  /** Creation order, for newest-first listing; a replace keeps it, as it keeps `id` and `created`. */
  seq: number;
}

/** One durable mutation. A put carries the whole secret, so replaying puts in order is idempotent. */
export type Mutation =
  | {op: 'put'; secret: StoredSecret}
  | {op: 'del'; livemode: boolean; account: string; scope: SecretScope; name: string};

/** Where mutations go: nowhere (memory) or a journal (durable). `write` resolves once the mutation is safe. */
export interface Storage {
  readonly label: string;
  /** What was on disk at start, in order; handed over once so that it is not kept twice. */
  takeInitial(): Mutation[];
  /**
   * Resolves once the mutation is safe. The store has already applied it in memory; when it cannot be made safe the
   * storage calls `undo` (for this mutation and every later one not yet safe, newest first) before rejecting, so memory
   * goes back to exactly what is on disk.
   */
  write(mutation: Mutation, undo: () => void): Promise<void>;
  /** The durable storage compacts from the live set; the store hands it a way to read that set. */
  attach(liveSecrets: () => Iterable<StoredSecret>, liveCount: () => number): void;
  close(): Promise<void>;
}

export type UpsertResult = {kind: 'created' | 'replaced'; secret: StoredSecret} | {kind: 'full'};

interface Bucket {
  byName: Map<string, StoredSecret>;
  /** One copy per bucket, shared by its secrets: 100,000 secrets do not need 100,000 copies of the same scope. */
  account: string;
  scope: SecretScope;
}

export function scopeKey(scope: SecretScope): string {
  return scope.type === 'user' ? `user:${scope.user}` : 'account';
}

function bucketKey(livemode: boolean, account: string, scope: SecretScope): string {
  return `${livemode ? 'live' : 'test'}|${account}|${scopeKey(scope)}`;
}

export class SecretStore {
  private readonly buckets = new Map<string, Bucket>();
  private nextSeq = 1;
  private count = 0;

  constructor(
    private readonly storage: Storage,
    private readonly nowSeconds: () => number,
  ) {
    for (const mutation of storage.takeInitial()) this.apply(mutation);
    for (const bucket of this.buckets.values()) this.purge(bucket);
    storage.attach(
      () => this.liveSecrets(),
      () => this.count,
    );
  }

  get size(): number {
    return this.count;
  }

  /** Create or replace, keyed by (scope, name). Replacing keeps `id`, `created` and list position. */
  async upsert(
    space: Space,
    scope: SecretScope,
    name: string,
    payload: string,
    expiresAt: number | null,
  ): Promise<UpsertResult> {
    const bucket = this.bucket(space, scope, true);
    const existing = bucket.byName.get(name);
    if (!existing && bucket.byName.size >= SECRET_LIMITS.maxPerScope) return {kind: 'full'};
    const secret: StoredSecret = existing
      ? {...existing, payload, expiresAt}
      : {
          id: newSecretId(),
          livemode: space.livemode,
          account: space.account,
          scope,
          name,
          payload,
          created: this.nowSeconds(),
          expiresAt,
          seq: this.nextSeq,
        };
    const mutation: Mutation = {op: 'put', secret};
    await this.storage.write(mutation, this.apply(mutation));
    return {kind: existing ? 'replaced' : 'created', secret};
  }

  find(space: Space, scope: SecretScope, name: string): StoredSecret | undefined {
    return this.bucket(space, scope, false)?.byName.get(name);
  }

  async remove(space: Space, scope: SecretScope, name: string): Promise<StoredSecret | undefined> {
    const existing = this.find(space, scope, name);
    if (!existing) return undefined;
    const mutation: Mutation = {op: 'del', livemode: space.livemode, account: space.account, scope, name};
    await this.storage.write(mutation, this.apply(mutation));
    return existing;
  }

  /** Newest first. */
  list(space: Space, scope: SecretScope): StoredSecret[] {
    const bucket = this.bucket(space, scope, false);
    return bucket ? [...bucket.byName.values()].sort((a, b) => b.seq - a.seq) : [];
  }

  *liveSecrets(): Iterable<StoredSecret> {
    for (const bucket of this.buckets.values()) {
      this.purge(bucket);
      yield* bucket.byName.values();
    }
  }

  close(): Promise<void> {
    return this.storage.close();
  }

  private bucket(space: Space, scope: SecretScope, create: true): Bucket;
  private bucket(space: Space, scope: SecretScope, create: false): Bucket | undefined;
  private bucket(space: Space, scope: SecretScope, create: boolean): Bucket | undefined {
    const key = bucketKey(space.livemode, space.account, scope);
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.purge(bucket);
    } else if (create) {
      bucket = {byName: new Map(), account: space.account, scope: {...scope}};
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** An expired secret is gone: Stripe "automatically deletes" it. Not journaled: a replay drops it again. */
  private purge(bucket: Bucket): void {
    const now = this.nowSeconds();
    for (const [name, secret] of bucket.byName) {
      if (secret.expiresAt !== null && secret.expiresAt <= now) {
        bucket.byName.delete(name);
        this.count -= 1;
      }
    }
  }

  /**
   * The only place state changes, used both live and when replaying the journal. Returns how to take the change back
   * (a write the disk refused): the name's previous secret, or none, is put back.
   */
  private apply(mutation: Mutation): () => void {
    let bucket: Bucket | undefined;
    let name: string;
    if (mutation.op === 'put') {
      const {secret} = mutation;
      const key = bucketKey(secret.livemode, secret.account, secret.scope);
      bucket = this.buckets.get(key);
      if (!bucket) {
        bucket = {byName: new Map(), account: secret.account, scope: secret.scope};
        this.buckets.set(key, bucket);
      }
      secret.account = bucket.account;
      secret.scope = bucket.scope;
      name = secret.name;
    } else {
      bucket = this.buckets.get(bucketKey(mutation.livemode, mutation.account, mutation.scope));
      name = mutation.name;
    }
    if (!bucket) return () => undefined;
    const {byName} = bucket;
    const previous = byName.get(name);
    if (mutation.op === 'put') {
      if (!previous) this.count += 1;
      byName.set(name, mutation.secret);
      this.nextSeq = Math.max(this.nextSeq, mutation.secret.seq + 1);
    } else if (previous) {
      byName.delete(name);
      this.count -= 1;
    }
    return () => {
      const present = byName.has(name);
      if (previous) {
        if (!present) this.count += 1;
        byName.set(name, previous);
      } else if (present) {
        byName.delete(name);
        this.count -= 1;
      }
    };
  }
}
