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
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

export function createMemoryAdapterFactory(now: () => number = Date.now) {
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
          entries.set(grantKey, {value: keys, expiresAt: previous === undefined || expiresAt === undefined ? undefined : Math.max(previous, expiresAt)});
        }
        write(key(id), payload, expiresIn);
      },
      async find(id: string): Promise<Payload | undefined> {
        return read(key(id)) as Payload | undefined;
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
        if (payload) payload.consumed = Math.floor(now() / 1000);
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
