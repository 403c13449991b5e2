import {createPlatformHost} from '../../platform/host';
import {VERIFIER_TTL_MS, storageVerifiers, type KeyValueStorage} from '../../platform/verifier-store';

/**
 * PKCE verifiers in the browser host's Web Storage: one per Connect, gone when the person comes back, and — for the
 * Connects never finished — cleared by age instead of piling up. Node has no Web Storage, so a small
 * in-memory one with the same interface stands in for the browser's.
 */
class MemoryStorage implements KeyValueStorage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  keys(): string[] {
    return [...this.items.keys()];
  }
}

const PREFIX = 'local-dashboard:verifier:';
let clock: number;
let storage: MemoryStorage;
const now = () => clock;

beforeEach(() => {
  clock = Date.UTC(2030, 0, 1);
  storage = new MemoryStorage();
  storage.setItem('local-dashboard:location', '?page=home');
});

function host() {
  return createPlatformHost({
    emulatorUrl: 'http://127.0.0.1:1',
    sessionToken: 'dsess_test_x',
    verifiers: storageVerifiers(storage, PREFIX, now),
  });
}

const verifierKeys = () => storage.keys().filter((k) => k.startsWith(PREFIX));
const createState = async (h: ReturnType<typeof host>) =>
  ((await (h.rpcs.createOAuthState as unknown as () => Promise<{state: string}>)()) as {state: string}).state;

test('a Connect in progress survives any number of newer verifiers: age alone clears them', async () => {
  // Each page the person views makes a verifier; a count limit of 10 dropped the Connect's after ten pages.
  const h = host();
  const connect = await createState(h);
  for (let i = 0; i < 30; i += 1) {
    clock += 1_000;
    await createState(h);
  }
  expect(verifierKeys()).toHaveLength(31);
  expect(
    h.completeOAuth(`http://127.0.0.1:4242/test/apps-oauth/x?code=c&state=${encodeURIComponent(connect)}`).verifier,
  ).toMatch(/^[\w-]{43}$/);
  expect(verifierKeys()).toHaveLength(30);
  // Half an hour after the last one, the next page load clears them all.
  clock += VERIFIER_TTL_MS;
  host();
  expect(verifierKeys()).toEqual([]);
  expect(storage.getItem('local-dashboard:location')).toBe('?page=home');
});

test('old ones are cleared on the next page load and are not handed out', async () => {
  const h = host();
  const state = await createState(h);
  clock += VERIFIER_TTL_MS + 1;
  expect(
    h.completeOAuth(`http://127.0.0.1:4242/apps-oauth/x?code=c&state=${encodeURIComponent(state)}`).verifier,
  ).toBeUndefined();
  await createState(h);
  clock += VERIFIER_TTL_MS + 1;
  // A new page: the store sweeps as it starts.
  host();
  expect(verifierKeys()).toEqual([]);
});

test('a finished Connect removes its verifier; unreadable entries are dropped', async () => {
  storage.setItem(`${PREFIX}legacy-state`, 'a-bare-verifier-from-an-older-page');
  const h = host();
  expect(verifierKeys()).toEqual([]);
  const state = await createState(h);
  expect(verifierKeys()).toHaveLength(1);
  const back = h.completeOAuth(`http://127.0.0.1:4242/test/apps-oauth/x?code=c&state=${encodeURIComponent(state)}`);
  expect(back.verifier).toMatch(/^[\w-]{43}$/);
  expect(verifierKeys()).toEqual([]);
});
