import {createHmac} from 'node:crypto';
import {chmod, mkdir, open, readFile, rename} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import {randomBase62} from './ids';

/**
 * The app's signing secrets (`absec_…`): what Stripe signs `fetchStripeSignature` payloads with. Stripe shows one in
 * the Dashboard after the first upload; "Expire secret" makes a new one while the old one stays valid for up to 24
 * hours, and every signature then carries one `v1=` per valid secret. Here they are generated once per data directory
 * and kept in `app-signing-secrets.json` (mode 0600) beside the Secret Store's files, so a backend configured with them
 * keeps working across restarts; an in-memory emulator makes fresh ones.
 * @see https://docs.stripe.com/stripe-apps/build-backend
 */

export const SIGNING_SECRETS_FILE = 'app-signing-secrets.json';
/** How long a rotated-out secret still signs (and so still verifies at a backend), as at Stripe. */
export const ROTATION_GRACE_SECONDS = 24 * 60 * 60;

export interface SigningSecret {
  secret: string;
  created: number;
  /** Unix seconds after which it no longer signs; null for the current secret. */
  expiresAt: number | null;
}

const SECRET_FORMAT = /^absec_[A-Za-z0-9]{32}$/;
const newSigningSecret = (): string => `absec_${randomBase62(32)}`;

/** `t=<seconds>,v1=<hex>[,v1=<hex>…]`: HMAC-SHA256 of `${t}.${text}` with each secret, Stripe's webhook scheme. */
export function signatureHeader(text: string, secrets: readonly string[], timestamp: number): string {
  const parts = secrets.map(
    (secret) => `v1=${createHmac('sha256', secret).update(`${timestamp}.${text}`, 'utf8').digest('hex')}`,
  );
  return [`t=${timestamp}`, ...parts].join(',');
}

function parseFile(text: string, path: string): SigningSecret[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const list = (value as {secrets?: unknown} | undefined)?.secrets;
  const valid =
    Array.isArray(list) &&
    list.length > 0 &&
    list.every(
      (item: unknown) =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as SigningSecret).secret === 'string' &&
        SECRET_FORMAT.test((item as SigningSecret).secret) &&
        Number.isInteger((item as SigningSecret).created) &&
        ((item as SigningSecret).expiresAt === null || Number.isInteger((item as SigningSecret).expiresAt)),
    );
  if (!valid) throw new Error(`${path} does not hold app signing secrets; move it away and a new secret is made.`);
  return list as SigningSecret[];
}

/** Written to a temporary file and renamed over the old one: a crash leaves the old secrets or the new, never half. */
async function writeSecrets(dir: string, secrets: SigningSecret[]): Promise<void> {
  await mkdir(dir, {recursive: true, mode: 0o700});
  const path = join(dir, SIGNING_SECRETS_FILE);
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify({secrets}, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

/** The secrets that still sign at `nowSeconds`, the current one first. */
function live(secrets: readonly SigningSecret[], nowSeconds: number): SigningSecret[] {
  return secrets.filter((s) => s.expiresAt === null || s.expiresAt > nowSeconds);
}

/**
 * The data directory's signing secrets, made (and saved) on first use. This is what `npm start` hands the backend
 * (`KEYRING_SIGNING_SECRETS`): the secrets that sign now, current first.
 */
export async function readSigningSecrets(
  dataDir: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<string[]> {
  const keeper = await SigningSecrets.open(resolve(dataDir), () => nowSeconds * 1000);
  return keeper.current();
}

/** The emulator's signing secrets: in a data directory, or in memory. */
export class SigningSecrets {
  private constructor(
    private secrets: SigningSecret[],
    private readonly dir: string | undefined,
    private readonly now: () => number,
  ) {}

  private static nowSeconds(now: () => number): number {
    return Math.floor(now() / 1000);
  }

  static inMemory(now: () => number): SigningSecrets {
    return new SigningSecrets(
      [{secret: newSigningSecret(), created: SigningSecrets.nowSeconds(now), expiresAt: null}],
      undefined,
      now,
    );
  }

  static async open(dir: string, now: () => number): Promise<SigningSecrets> {
    const path = join(dir, SIGNING_SECRETS_FILE);
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text !== undefined) return new SigningSecrets(parseFile(text, path), dir, now);
    const fresh = [{secret: newSigningSecret(), created: SigningSecrets.nowSeconds(now), expiresAt: null}];
    await writeSecrets(dir, fresh);
    return new SigningSecrets(fresh, dir, now);
  }

  /** The secrets that sign now, the current one first. */
  current(): string[] {
    return live(this.secrets, SigningSecrets.nowSeconds(this.now)).map((s) => s.secret);
  }

  /**
   * "Expire secret": a new current secret; the previous one keeps signing for `graceSeconds` (24 hours by default), so
   * signatures carry two `v1=` values until then. Older rotated-out secrets are dropped.
   */
  async rotate(graceSeconds = ROTATION_GRACE_SECONDS): Promise<string[]> {
    const now = SigningSecrets.nowSeconds(this.now);
    const previous = live(this.secrets, now)[0];
    const next: SigningSecret[] = [{secret: newSigningSecret(), created: now, expiresAt: null}];
    if (previous && graceSeconds > 0) next.push({...previous, expiresAt: now + graceSeconds});
    if (this.dir !== undefined) await writeSecrets(this.dir, next);
    this.secrets = next;
    return this.current();
  }

  /** A signature over `text` with every secret that signs now. */
  sign(text: string): string {
    return signatureHeader(text, this.current(), SigningSecrets.nowSeconds(this.now));
  }
}
