import {createServer, type RequestListener} from 'node:http';

/**
 * How every local server (the Secret Store emulator, the OAuth provider, the Dashboard page server) listens and stops:
 * on 127.0.0.1 only, with a clear message for a busy port, and a close that lets idle keep-alive connections go at once
 * and gives requests still running `graceMs` to finish before their connections are cut.
 */

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  /**
   * A listening socket this process inherited as a file descriptor: served instead of binding `port` (which is then
   * only named in messages). A parent that binds the port itself knows it, and can hand it on, before this process
   * has even started; connections made meanwhile wait in the socket's queue.
   */
  fd?: number;
  /** How long requests still running may take once `close()` is called; 0 (the default) cuts them at once. */
  graceMs?: number;
  /**
   * Answers a request Node refused before any handler saw it (headers past Node's limit, a malformed request line):
   * the raw response to write before the connection closes. Node's own answer otherwise (an empty 400 or 431).
   */
  rawClientError?: (err: NodeJS.ErrnoException) => string | undefined;
}

export interface Served {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /**
   * Sets what answers requests. A server whose handler needs its own port (an issuer, redirect URIs) listens first and
   * hands it over here; until then every request gets 503.
   */
  handle(handler: RequestListener): void;
  /** Stops listening and closes every connection (see `graceMs`); calling it again returns the same promise. */
  close(): Promise<void>;
}

/** Until a handler is set: the server is up but not ready. */
const starting: RequestListener = (_req, res) => {
  res.writeHead(503, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end('Starting…');
};

export async function serve(options: ServeOptions, handler: RequestListener = starting): Promise<Served> {
  let current = handler;
  let closing: Promise<void> | undefined;
  const server = createServer({keepAliveTimeout: 30_000}, (req, res) => {
    // Once closing, a connection whose request has finished is not kept alive for another.
    res.once('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    current(req, res);
  });
  const rawClientError = options.rawClientError;
  if (rawClientError) {
    server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      const answer = err.code === 'ECONNRESET' || !socket.writable ? undefined : rawClientError(err);
      if (answer === undefined) socket.destroy();
      else socket.end(answer);
    });
  }
  const port = await new Promise<number>((done, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port} on 127.0.0.1 is in use; pick another with --port (0 = any free port).`)
          : err,
      );
    server.once('error', onError);
    const listening = () => {
      server.off('error', onError);
      const address = server.address();
      done(typeof address === 'object' && address !== null ? address.port : options.port);
    };
    if (options.fd !== undefined) server.listen({fd: options.fd}, listening);
    else server.listen(options.port, '127.0.0.1', listening);
  });

  const close = () => {
    closing ??= new Promise<void>((done) => {
      server.close(() => done());
      server.closeIdleConnections();
      const graceMs = options.graceMs ?? 0;
      if (graceMs === 0) {
        server.closeAllConnections();
        return;
      }
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      server.once('close', () => clearTimeout(cut));
    });
    return closing;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    handle: (next) => {
      current = next;
    },
    close,
  };
}
