import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Loopback {
  origin: string;
  host: string;
  server: Server;
  /** Requests seen, by path (query included). */
  hits: Map<string, number>;
  /** User-Agent of every request, in order. */
  userAgents: string[];
  close(): Promise<void>;
}

/** A real node:http server on 127.0.0.1, port 0. */
export async function startLoopback(handler: Handler): Promise<Loopback> {
  const hits = new Map<string, number>();
  const userAgents: string[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    userAgents.push(req.headers['user-agent'] ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    server,
    hits,
    userAgents,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
