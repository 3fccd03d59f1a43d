import { MongoClient, MongoNetworkError } from 'mongodb';
// @ts-expect-error the driver's connection internals have no types of their own
import { connect } from 'mongodb/lib/cmap/connect.js';
// @ts-expect-error as above
import { HostAddress, ns } from 'mongodb/lib/utils.js';
import { afterEach, describe, expect, inject, it } from 'vitest';

/**
 * The driver as patched here (`patches/mongodb@7.8.0.patch`). Unpatched, a command written to a connection whose
 * socket is destroyed but whose 'close' event has not run yet waits for a 'drain' that never comes: the server
 * monitor's check hung that way when MongoDB restarted at the wrong moment, and the process never reconnected.
 */
interface DriverConnection {
  socket: import('node:net').Socket;
  command(namespace: unknown, command: object, options: object): Promise<{ ok: number }>;
  destroy(): void;
}

const open: DriverConnection[] = [];
afterEach(() => {
  for (const connection of open.splice(0)) connection.destroy();
});

async function connectDirect(): Promise<DriverConnection> {
  const uri = inject('services').mongoUri;
  const client = new MongoClient(uri);
  const options = {
    ...(client as unknown as { options: object }).options,
    hostAddress: HostAddress.fromString(new URL(uri).host),
    id: 1,
    generation: 0,
  };
  const connection: DriverConnection = await connect(options);
  open.push(connection);
  expect((await connection.command(ns('admin.$cmd'), { ping: 1 }, {})).ok).toBe(1);
  return connection;
}

describe('the MongoDB driver on a connection that closes under a command', () => {
  it('fails a command written after the socket was destroyed, before its close event ran', async () => {
    const connection = await connectDirect();
    connection.socket.destroy();
    await expect(connection.command(ns('admin.$cmd'), { ping: 1 }, {})).rejects.toThrow(MongoNetworkError);
  });

  it('fails a command waiting for its write to drain when the socket is destroyed', async () => {
    const connection = await connectDirect();
    const { socket } = connection;
    const write = socket.write.bind(socket) as (chunk: Uint8Array) => boolean;
    let full: boolean | null = null;
    socket.write = ((chunk: Uint8Array) => {
      // Held in the socket's buffer, as a slow reader would leave it: the write reports a full buffer.
      socket.cork();
      full = !write(chunk);
      // After the driver starts waiting for 'drain', in the same turn: no 'drain' and no 'error' follow.
      queueMicrotask(() => socket.destroy());
      return !full;
    }) as typeof socket.write;
    const padding = 'x'.repeat(64 * 1024);
    await expect(connection.command(ns('admin.$cmd'), { ping: 1, padding }, {})).rejects.toThrow(
      MongoNetworkError,
    );
    expect(full).toBe(true);
  });
});
