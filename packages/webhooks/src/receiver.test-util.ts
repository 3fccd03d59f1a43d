import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type ReceiverHandler = (request: ReceivedRequest, response: ServerResponse) => void;

export interface Receiver {
  port: number;
  /** `http://<host>:<port>` with IPv6 hosts in brackets. */
  origin: string;
  /** TCP connections accepted so far: zero proves that nothing connected. */
  readonly connections: number;
  readonly requests: readonly ReceivedRequest[];
  handle: ReceiverHandler;
  close(): Promise<void>;
}

/**
 * A real HTTP server on `host` (port 0 picks a free one) that records every connection and request and answers
 * through its replaceable `handle`, which runs once the whole body has arrived.
 */
export async function startReceiver(host: string, port = 0): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let connections = 0;
  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: ReceivedRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: Object.fromEntries(
          Object.entries(incoming.headers).map(([name, value]) => [name, String(value)]),
        ),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      receiver.handle(request, response);
    });
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const receiver: Receiver = {
    port: bound,
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    get connections() {
      return connections;
    },
    requests,
    handle: (_request, response) => response.end(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

/** A port nothing listens on: bound once to be sure it was free, then released. */
export async function closedPort(host: string): Promise<number> {
  const receiver = await startReceiver(host);
  await receiver.close();
  return receiver.port;
}
