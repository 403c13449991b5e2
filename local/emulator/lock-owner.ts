import {readFileSync} from 'node:fs';

/**
 * Who a process is, for the data directory's lock: a pid alone is not enough. After `kill -9` the dead emulator is a
 * zombie until its parent reaps it (in a container without an init that reaps, that can be forever), and `kill(pid, 0)`
 * still succeeds on a zombie; after a reboot the pid in an old lock may belong to any other program. So the lock also
 * records the boot and the process's start time (field 22 of /proc/<pid>/stat, in clock ticks since boot), which
 * together name one process for good.
 * @see https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html
 */

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * `<boot id> <start time>` of a running process; `null` when it is gone or a zombie; `undefined` when this system has
 * no /proc to ask (then the caller can only ask whether the pid exists).
 */
export function lockOwnerIdentity(pid: number): string | null | undefined {
  const bootId = read('/proc/sys/kernel/random/boot_id')?.trim();
  if (bootId === undefined || read('/proc/self/stat') === undefined) return undefined;
  const stat = read(`/proc/${pid}/stat`);
  if (stat === undefined) return null;
  // `pid (comm) state …`: comm may hold spaces and parentheses, so fields are counted from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  if (state === 'Z' || state === 'X' || state === 'x') return null;
  const startTime = fields[19];
  return startTime ? `${bootId} ${startTime}` : null;
}

/** This process's identity, written into the lock; undefined without /proc. */
export function ownIdentity(): string | undefined {
  return lockOwnerIdentity(process.pid) ?? undefined;
}

/** Whether the process runs Node (its program's file name), for a lock written before identities were recorded. */
export function runsNode(pid: number): boolean {
  const program = read(`/proc/${pid}/cmdline`)?.split('\0')[0] ?? '';
  return /(^|\/)node[\d.]*$/.test(program);
}
