/**
 * How every local server's command line stops: on SIGINT or SIGTERM (and any other reason the caller wires to the
 * returned function) it says so once, closes, and exits 0 — or 1 when closing failed.
 */
export function stopOnSignals(name: string, close: () => Promise<void>): (why: string) => void {
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${name}: ${why}, stopping`);
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`${name}: could not stop cleanly: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return stop;
}
