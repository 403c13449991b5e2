import {chmod, mkdir, open, readFile, rename, rm, truncate, type FileHandle} from 'node:fs/promises';
import {join} from 'node:path';
import type {SecretScope} from '../seam/app';
import {ApiError, Errors} from './errors';
import {lockOwnerIdentity, ownIdentity, runsNode} from './lock-owner';
import type {Mutation, Storage, StoredSecret} from './store';

/**
 * Durable storage in a data directory, designed so that an acknowledged write survives a crash:
 *
 * - `journal.jsonl`: one JSON line per mutation, appended and fdatasync'ed before the response is sent. Mutations that
 *   arrive while a write is in flight are batched into the next single write + sync (group commit).
 * - A failed append (a full disk: ENOSPC) is cut back off the journal, and the store takes the change — and every later
 *   one not yet safe — back out of memory, so what is in memory is what is on disk. If the cut itself fails, the
 *   storage stops taking writes: every acknowledged write stays readable, after a restart too.
 * - `snapshot.jsonl`: the live set, written when the journal has grown well past it: to a temporary file, synced, then
 *   renamed over the old snapshot (atomic), after which the journal is truncated. Replaying a journal over a snapshot
 *   that already contains its mutations gives the same state, so a crash between rename and truncate is harmless.
 * - `emulator.lock`: the owner's pid and who that process is (boot and start time, see lock-owner.ts); a second
 *   emulator on the same directory refuses to start, while a lock left by a dead process — a zombie, or a pid now
 *   reused by something else — is taken over.
 *
 * On start the snapshot is loaded and the journal replayed. A final line without its newline is a write torn by a
 * crash; it was never acknowledged, so it is dropped (and cut off the file). Files are 0600, the directory 0700.
 */

const JOURNAL = 'journal.jsonl';
const SNAPSHOT = 'snapshot.jsonl';
const SNAPSHOT_TMP = 'snapshot.jsonl.tmp';
const LOCK = 'emulator.lock';
const HEADER = {format: 'keyring-secret-store', version: 1} as const;

export interface DurableOptions {
  /** Compact once the journal holds at least this many lines and more than twice the live set. */
  compactAfterLines?: number;
  warn?: (message: string) => void;
}

export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

function serialize(mutation: Mutation): string {
  if (mutation.op === 'del') {
    const {livemode, account, scope, name} = mutation;
    return `${JSON.stringify({op: 'del', livemode, account, scope, name})}\n`;
  }
  const s = mutation.secret;
  return `${JSON.stringify({
    op: 'put',
    id: s.id,
    livemode: s.livemode,
    account: s.account,
    scope: s.scope,
    name: s.name,
    payload: s.payload,
    created: s.created,
    expires_at: s.expiresAt,
    seq: s.seq,
  })}\n`;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

function toScope(value: unknown): SecretScope | undefined {
  if (!isObject(value)) return undefined;
  if (value.type === 'account') return {type: 'account'};
  if (value.type === 'user' && typeof value.user === 'string') return {type: 'user', user: value.user};
  return undefined;
}

/** A line back to a mutation, checking every field: the file is input like any other. */
function parseMutation(line: string): Mutation | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (
    !isObject(value) ||
    typeof value.livemode !== 'boolean' ||
    typeof value.account !== 'string' ||
    typeof value.name !== 'string'
  ) {
    return undefined;
  }
  const scope = toScope(value.scope);
  if (!scope) return undefined;
  if (value.op === 'del') return {op: 'del', livemode: value.livemode, account: value.account, scope, name: value.name};
  const {id, payload, created, expires_at: expiresAt, seq} = value;
  if (value.op !== 'put' || typeof id !== 'string' || typeof payload !== 'string' || !isInt(created) || !isInt(seq))
    return undefined;
  if (expiresAt !== null && !isInt(expiresAt)) return undefined;
  const secret: StoredSecret = {
    id,
    livemode: value.livemode,
    account: value.account,
    scope,
    name: value.name,
    payload,
    created,
    expiresAt,
    seq,
  };
  return {op: 'put', secret};
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** One line at a time, straight from the file's bytes: loading 100,000 records never holds the file twice as text. */
function parseLines(buffer: Buffer, start: number, file: string, into: Mutation[]): void {
  let line = 0;
  for (let from = start; from < buffer.length; ) {
    const end = buffer.indexOf(0x0a, from);
    // Callers pass whole lines: the buffer ends with a newline.
    if (end === -1) break;
    line += 1;
    const mutation = parseMutation(buffer.toString('utf8', from, end));
    if (!mutation) {
      throw new DataDirError(
        `${file}, line ${line}, is damaged (not a Secret Store record). Move the data directory away to start afresh.`,
      );
    }
    into.push(mutation);
    from = end + 1;
  }
}

async function loadSnapshot(dir: string, into: Mutation[]): Promise<void> {
  const path = join(dir, SNAPSHOT);
  const buffer = await readIfExists(path);
  if (!buffer) return;
  const firstNewline = buffer.indexOf(0x0a);
  let header: unknown;
  try {
    header = JSON.parse(buffer.toString('utf8', 0, Math.max(firstNewline, 0)));
  } catch {
    header = undefined;
  }
  if (
    firstNewline === -1 ||
    buffer[buffer.length - 1] !== 0x0a ||
    !isObject(header) ||
    header.format !== HEADER.format ||
    header.version !== HEADER.version
  ) {
    throw new DataDirError(
      `${path} is not a Secret Store snapshot (version ${HEADER.version}). Move the data directory away to start afresh.`,
    );
  }
  parseLines(buffer, firstNewline + 1, path, into);
}

/** Returns the number of complete lines; cuts a torn final line off the file. */
async function loadJournal(dir: string, into: Mutation[], warn: (message: string) => void): Promise<number> {
  const path = join(dir, JOURNAL);
  const buffer = await readIfExists(path);
  if (!buffer || buffer.length === 0) return 0;
  const end = buffer.lastIndexOf(0x0a) + 1;
  if (end < buffer.length) {
    warn(
      `Secret Store emulator: ignoring an incomplete last record in ${path} (a write interrupted by a crash; it was never acknowledged).`,
    );
    await truncate(path, end);
  }
  const before = into.length;
  parseLines(buffer.subarray(0, end), 0, path, into);
  return into.length - before;
}

/** Whether the process a lock names is still the emulator that wrote it. */
function ownerIsRunning(lock: string): boolean {
  const [pidLine = '', identity] = lock.split('\n');
  const pid = Number.parseInt(pidLine, 10);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const current = lockOwnerIdentity(pid);
  if (current === null) return false; // gone, or a zombie: dead, only not yet reaped
  if (current === undefined) {
    // No /proc (not Linux): all that can be asked is whether the pid exists.
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  // A lock from before identities were recorded: the owner is plausible only if the pid runs Node.
  if (!identity?.trim()) return runsNode(pid);
  // A live process with another identity is not the owner: the pid was reused (after a reboot, or wrapped around).
  return identity.trim() === current;
}

async function acquireLock(dir: string): Promise<string> {
  const path = join(dir, LOCK);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n${ownIdentity() ?? ''}\n`);
      await handle.close();
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const lock = (await readIfExists(path))?.toString('utf8') ?? '';
      const pid = Number.parseInt(lock, 10);
      if (ownerIsRunning(lock)) {
        throw new DataDirError(
          `Another Secret Store emulator (pid ${pid}) is already using ${dir}. Stop it, or start this one with --data <another dir> or --memory.`,
        );
      }
      // The owner is gone without cleaning up (a crash): the lock is stale.
      await rm(path, {force: true});
    }
  }
  throw new DataDirError(`Could not lock ${dir}: another emulator keeps taking ${LOCK}.`);
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

interface Pending {
  line: string;
  /** Takes the mutation back out of the store's memory. */
  undo: () => void;
  resolve: () => void;
  reject: (err: unknown) => void;
}

class DurableStorage implements Storage {
  private queue: Pending[] = [];
  private draining: Promise<void> | null = null;
  private liveSecrets: () => Iterable<StoredSecret> = () => [];
  private liveCount: () => number = () => 0;
  private closed = false;
  /** Set when a failed append could not be cut back: from then on every write is refused. */
  private stopped: ApiError | undefined;

  constructor(
    readonly label: string,
    private initial: Mutation[],
    private readonly journal: FileHandle,
    private journalLines: number,
    /** The journal's length once every acknowledged write is in it: where a failed append is cut back to. */
    private journalBytes: number,
    private readonly lockPath: string,
    private readonly compactAfterLines: number,
    private readonly warn: (message: string) => void,
  ) {}

  takeInitial(): Mutation[] {
    const initial = this.initial;
    this.initial = [];
    return initial;
  }

  attach(liveSecrets: () => Iterable<StoredSecret>, liveCount: () => number): void {
    this.liveSecrets = liveSecrets;
    this.liveCount = liveCount;
  }

  write(mutation: Mutation, undo: () => void): Promise<void> {
    if (this.closed || this.stopped) {
      undo();
      return Promise.reject(this.stopped ?? new DataDirError('The Secret Store emulator is closed.'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({line: serialize(mutation), undo, resolve, reject});
      this.schedule();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.draining) await this.draining;
    await this.journal.close();
    await rm(this.lockPath, {force: true});
  }

  /** Waits one turn of the event loop so that concurrent requests join the same write. */
  private schedule(): void {
    if (this.draining) return;
    this.draining = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.draining = null;
        if (this.queue.length > 0) this.schedule();
      });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      if (this.stopped) {
        this.fail(this.takeQueue(), this.stopped);
        return;
      }
      const batch = this.takeQueue();
      const data = batch.map((pending) => pending.line).join('');
      try {
        await this.journal.appendFile(data);
        await this.journal.datasync();
        this.journalLines += batch.length;
        this.journalBytes += Buffer.byteLength(data);
        for (const pending of batch) pending.resolve();
      } catch (err) {
        // Everything queued meanwhile was applied on top of this batch: it goes too. Memory is put back at once, before
        // anything else can build on it; then the journal is cut back to its last acknowledged byte, and only then are
        // the callers answered, so "nothing was changed" is never said of lines that a failed cut left in the journal.
        const failed = [...batch, ...this.takeQueue()];
        this.undo(failed);
        await this.cutBack(err);
        for (const item of failed) item.reject(this.stopped ?? err);
        continue;
      }
      // Only with nothing queued: the snapshot is taken from memory, which already holds queued, unacknowledged
      // changes.
      if (
        this.queue.length === 0 &&
        this.journalLines >= this.compactAfterLines &&
        this.journalLines > 2 * this.liveCount()
      ) {
        await this.compact().catch((err: unknown) => {
          this.warn(
            `Secret Store emulator: compaction failed (${(err as NodeJS.ErrnoException).code ?? String(err)}); the journal keeps everything.`,
          );
        });
      }
    }
  }

  private takeQueue(): Pending[] {
    const queue = this.queue;
    this.queue = [];
    return queue;
  }

  /** Takes the mutations back out of memory, newest first. */
  private undo(pending: Pending[]): void {
    for (const item of [...pending].reverse()) item.undo();
  }

  /** Takes the mutations back out of memory, then answers each with the error. */
  private fail(pending: Pending[], err: unknown): void {
    this.undo(pending);
    for (const item of pending) item.reject(err);
  }

  /** Cuts a failed append (perhaps half a line) off the journal; if even that fails, stops taking writes. */
  private async cutBack(cause: unknown): Promise<void> {
    try {
      await this.journal.truncate(this.journalBytes);
      await this.journal.datasync();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (cause as NodeJS.ErrnoException).code ?? 'EIO';
      this.stopped = Errors.storageStopped(code);
      this.warn(
        `Secret Store emulator: could not cut a failed write off the journal (${code}); refusing every write until restarted.`,
      );
    }
  }

  private async compact(): Promise<void> {
    const dir = this.label;
    const parts = [`${JSON.stringify(HEADER)}\n`];
    for (const secret of this.liveSecrets()) parts.push(serialize({op: 'put', secret}));
    const tmpPath = join(dir, SNAPSHOT_TMP);
    const tmp = await open(tmpPath, 'w', 0o600);
    try {
      await tmp.writeFile(parts.join(''));
      await tmp.sync();
    } catch (err) {
      // A full disk: the half-written snapshot would only take space the journal needs.
      await tmp.close();
      await rm(tmpPath, {force: true});
      throw err;
    }
    await tmp.close();
    await rename(tmpPath, join(dir, SNAPSHOT));
    await syncDir(dir);
    await this.journal.truncate(0);
    // Counted at once: a failed sync below must not leave a later cut-back truncating to the old, longer size.
    this.journalLines = 0;
    this.journalBytes = 0;
    await this.journal.datasync();
  }
}

export async function openDurableStorage(dir: string, options: DurableOptions = {}): Promise<Storage> {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  await mkdir(dir, {recursive: true, mode: 0o700});
  await chmod(dir, 0o700);
  const lockPath = await acquireLock(dir);
  try {
    await rm(join(dir, SNAPSHOT_TMP), {force: true});
    const initial: Mutation[] = [];
    await loadSnapshot(dir, initial);
    const journalLines = await loadJournal(dir, initial, warn);
    const journalPath = join(dir, JOURNAL);
    const journal = await open(journalPath, 'a', 0o600);
    await chmod(journalPath, 0o600);
    await syncDir(dir);
    const journalBytes = (await journal.stat()).size;
    return new DurableStorage(
      dir,
      initial,
      journal,
      journalLines,
      journalBytes,
      lockPath,
      options.compactAfterLines ?? 1000,
      warn,
    );
  } catch (err) {
    await rm(lockPath, {force: true});
    throw err;
  }
}

/** Memory only: nothing survives the process, every write is immediately "safe". */
export function memoryStorage(): Storage {
  return {
    label: 'memory',
    takeInitial: () => [],
    write: () => Promise.resolve(),
    attach: () => undefined,
    close: () => Promise.resolve(),
  };
}
