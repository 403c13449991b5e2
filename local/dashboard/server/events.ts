import type {IncomingMessage, ServerResponse} from 'node:http';

/**
 * Server-sent events to every open page (`/__dashboard/events`): `reload` after a successful rebuild, `build-error`
 * with the errors of a failed one. A comment line every 15 s keeps idle streams open through proxies and timeouts.
 */
export interface Events {
  /** Answers the request with the event stream and keeps it until the page goes. */
  connect(req: IncomingMessage, res: ServerResponse): void;
  broadcast(event: 'reload' | 'build-error', data: unknown): void;
  /** Ends every stream and the heartbeat. */
  close(): void;
}

const HEARTBEAT_MS = 15_000;

export function createEvents(): Events {
  const clients = new Set<ServerResponse>();
  const heartbeat = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    connect(req, res) {
      res.writeHead(200, {'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive'});
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
    },
    broadcast(event, data) {
      for (const client of clients) client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      clearInterval(heartbeat);
      for (const client of clients) client.end();
    },
  };
}
