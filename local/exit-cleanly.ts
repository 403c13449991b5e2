import {readdirSync, readFileSync} from 'node:fs';

/**
 * esbuild runs as a child service process — tsx starts one to compile our TypeScript, and the build and the Dashboard
 * start their own — and leaves it unref'd: when Node exits, the service is orphaned, and where the init does not reap
 * (containers, CI sandboxes) it stays behind as a zombie of the run. Importing this module makes the process stop its
 * esbuild services and wait until they are reaped before it exits; `stopChildServices` does the same on demand.
 */

/** This process's children, from /proc (every thread's list); empty where there is no /proc. */
function childPids(): number[] {
  try {
    const pids: number[] = [];
    for (const task of readdirSync('/proc/self/task')) {
      const text = readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim();
      if (text) pids.push(...text.split(/\s+/).map(Number));
    }
    return pids;
  } catch {
    return [];
  }
}

function isEsbuildService(pid: number): boolean {
  try {
    if (
      readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        .split('\0')
        .some((arg) => arg.startsWith('--service='))
    )
      return true;
    // One that already died (Ctrl-C reaches the whole process group) has no command line left, only its name, until
    // this process reaps it.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return (
      stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === 'esbuild' && stat[stat.lastIndexOf(')') + 2] === 'Z'
    );
  } catch {
    return false;
  }
}

/** Stops every esbuild service this process started and waits (up to timeoutMs) until each has been reaped. */
export async function stopChildServices(timeoutMs = 5_000): Promise<void> {
  const services = childPids().filter(isEsbuildService);
  if (services.length === 0) return;
  for (const pid of services) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + timeoutMs;
  // Node reaps an exited child on its event loop: keep the loop turning until the services are gone.
  while (Date.now() < deadline && childPids().some((pid) => services.includes(pid))) {
    await new Promise((tick) => setTimeout(tick, 10));
  }
}

let stopping = false;
process.on('beforeExit', () => {
  if (stopping) return;
  stopping = true;
  void stopChildServices();
});
