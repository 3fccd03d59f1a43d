import { once } from 'node:events';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpDrain } from './http-drain.ts';

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
  socket: Socket;
}

/** A server whose `/slow` and `/stream` handlers wait for the test to release them. */
async function startServer() {
  const arrived: ((res: ServerResponse) => void)[] = [];
  const nextArrival = () => new Promise<ServerResponse>((resolve) => arrived.push(resolve));
  const server: Server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/fast') {
      res.end('fast');
      return;
    }
    if (req.url === '/stream') res.writeHead(200, { 'content-type': 'text/plain' }).write('first ');
    arrived.shift()?.(res);
  });
  // Without the drain, a connection that goes idle after close() would be held this long: the tests would time out.
  server.keepAliveTimeout = 60_000;
  const drain = new HttpDrain();
  drain.track(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  /** A fresh keep-alive agent per call unless one is given, so each request has a connection of its own. */
  const get = (path: string, agent = new http.Agent({ keepAlive: true })) =>
    new Promise<Answer>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
        const socket = res.socket;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            connection: res.headers.connection,
            body,
            socket,
          }),
        );
      });
      req.on('error', reject);
    });
  return { server, drain, get, nextArrival };
}

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.closeAllConnections();
});

const closedSocket = (socket: Socket) =>
  socket.destroyed ? Promise.resolve() : once(socket, 'close').then(() => undefined);

describe('HttpDrain', () => {
  it('closes idle keep-alive connections at once and a busy one right after its response', async () => {
    const { server, drain, get, nextArrival } = await startServer();
    servers.push(server);
    const idle = await get('/fast');
    expect(idle.connection).toBe('keep-alive');
    const arrival = nextArrival();
    const slow = get('/slow');
    const inFlight = await arrival;

    const closed = drain.close(30_000);
    expect(drain.draining).toBe(true);
    await closedSocket(idle.socket);
    inFlight.end('slow');

    const answer = await slow;
    expect(answer).toMatchObject({ status: 200, body: 'slow', connection: 'close' });
    await closedSocket(answer.socket);
    await closed;
    expect(server.listening).toBe(false);
    await expect(get('/fast')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('ends the connection of a response whose headers were sent before the drain once it finishes', async () => {
    const { server, drain, get, nextArrival } = await startServer();
    servers.push(server);
    const arrival = nextArrival();
    const streamed = get('/stream');
    const inFlight = await arrival;

    const closed = drain.close(30_000);
    inFlight.end('last');

    const answer = await streamed;
    expect(answer).toMatchObject({ status: 200, body: 'first last', connection: 'keep-alive' });
    await closedSocket(answer.socket);
    await closed;
  });

  it('cuts connections still open when the timeout ends', async () => {
    const { server, drain, get, nextArrival } = await startServer();
    servers.push(server);
    const arrival = nextArrival();
    const hanging = get('/hang');
    await arrival;

    await drain.close(100);
    await expect(hanging).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(server.listening).toBe(false);
  });

  it('is safe to close twice and before any server is tracked', async () => {
    await expect(new HttpDrain().close(100)).resolves.toBeUndefined();
    const { server, drain } = await startServer();
    servers.push(server);
    await Promise.all([drain.close(1_000), drain.close(1_000)]);
    expect(server.listening).toBe(false);
  });
});
