/**
 * oidc-provider's storage adapter, in memory and private to one provider instance (the library's own memory adapter
 * is shared by every instance in a process and evicts at 1,000 entries). Entries expire when the library says.
 * The interface: https://github.com/panva/node-oidc-provider/blob/v8.8.1/example/my_adapter.js
 */
type Payload = Record<string, unknown> & {grantId?: string; userCode?: string; uid?: string; consumed?: number};

interface Entry {
  value: unknown;
  expiresAt: number | undefined;
}

/** Models whose entries belong to a grant, and go when the grant is revoked. */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

/**
 * `refreshReuseGrace` (seconds) models providers that let a rotated refresh token be used again for a short while:
 * within it, a consumed refresh token reads as unused, so oidc-provider rotates it once more instead of ending the
 * grant; the window runs from the first use and is never extended by a reuse. After it, `refreshReuse: 'refuse'` makes
 * a consumed refresh token unknown (refused, the grant kept) instead of oidc-provider's default, which ends the grant.
 */
export function createMemoryAdapterFactory(
  options: {now?: () => number; refreshReuseGrace?: number; refreshReuse?: 'revoke' | 'refuse'} = {},
) {
  const now = options.now ?? Date.now;
  const grace = options.refreshReuseGrace ?? 0;
  const refuseOnly = options.refreshReuse === 'refuse';
  const entries = new Map<string, Entry>();

  const read = (key: string): unknown => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.value;
  };
  const write = (key: string, value: unknown, expiresIn: number | undefined) => {
    entries.set(key, {value, expiresAt: expiresIn ? now() + expiresIn * 1000 : undefined});
  };

  return (model: string) => {
    const key = (id: string) => `${model}:${id}`;
    return {
      async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
        if (model === 'Session' && payload.uid) write(`sessionUid:${payload.uid}`, id, expiresIn);
        if (payload.userCode) write(`userCode:${payload.userCode}`, id, expiresIn);
        if (GRANTABLE.has(model) && payload.grantId) {
          const grantKey = `grant:${payload.grantId}`;
          const keys = (read(grantKey) as string[] | undefined) ?? [];
          keys.push(key(id));
          // A grant's list lives as long as its longest-lived member.
          const previous = entries.get(grantKey)?.expiresAt;
          const expiresAt = expiresIn ? now() + expiresIn * 1000 : undefined;
          entries.set(grantKey, {
            value: keys,
            expiresAt: previous === undefined || expiresAt === undefined ? undefined : Math.max(previous, expiresAt),
          });
        }
        write(key(id), payload, expiresIn);
      },
      async find(id: string): Promise<Payload | undefined> {
        const payload = read(key(id)) as Payload | undefined;
        if (model === 'RefreshToken' && payload?.consumed !== undefined) {
          if (now() / 1000 - payload.consumed < grace) {
            const {consumed: _consumed, ...unused} = payload;
            return unused;
          }
          if (refuseOnly) return undefined;
        }
        return payload;
      },
      async findByUid(uid: string): Promise<Payload | undefined> {
        const id = read(`sessionUid:${uid}`) as string | undefined;
        return id === undefined ? undefined : (read(key(id)) as Payload | undefined);
      },
      async findByUserCode(userCode: string): Promise<Payload | undefined> {
        const id = read(`userCode:${userCode}`) as string | undefined;
        return id === undefined ? undefined : (read(key(id)) as Payload | undefined);
      },
      async consume(id: string): Promise<void> {
        const payload = read(key(id)) as Payload | undefined;
        if (payload && payload.consumed === undefined) payload.consumed = Math.floor(now() / 1000);
      },
      async destroy(id: string): Promise<void> {
        entries.delete(key(id));
      },
      async revokeByGrantId(grantId: string): Promise<void> {
        const grantKey = `grant:${grantId}`;
        for (const member of (read(grantKey) as string[] | undefined) ?? []) entries.delete(member);
        entries.delete(grantKey);
      },
    };
  };
}
