import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import mongoose from 'mongoose';
import type { ManagedChild } from './child-process.ts';

/**
 * Polls `check` until it returns true. Fails fast when the child exits first (a port in use, a bad flag) and, on
 * either failure, puts the child's last output lines into the error so the cause is visible without re-running.
 */
export async function waitUntilReady(opts: {
  child: ManagedChild;
  what: string;
  timeoutMs: number;
  check: (remainingMs: number) => Promise<boolean>;
  intervalMs?: number;
}): Promise<void> {
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (!opts.child.running()) {
      const exit = await opts.child.exited;
      throw startupError(
        opts,
        `exited during startup (code ${exit.code}${exit.signal ? `, ${exit.signal}` : ''})`,
      );
    }
    try {
      if (await opts.check(deadline - Date.now())) return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await delay(opts.intervalMs ?? 20);
  }
  const detail = lastError ? `; last probe error: ${lastError}` : '';
  throw startupError(opts, `was not ready after ${opts.timeoutMs} ms${detail}`);
}

function startupError(opts: { child: ManagedChild; what: string }, reason: string): Error {
  const output = opts.child.recentOutput().trim();
  return new Error(`${opts.what} ${reason}.\n--- last output ---\n${output || '(no output)'}`);
}

/** True when something accepts TCP connections on host:port. */
export function isListening(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/**
 * Sends a RESP `PING` and expects `+PONG`. A raw socket rather than a client library: no reconnect loop, no
 * retry queue, and `-LOADING` (a Redis still loading its dataset) counts as not ready.
 */
export function redisPing(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    let reply = '';
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

/**
 * Runs the `ping` command through the MongoDB driver that mongoose ships, so readiness means "the driver the app
 * uses can talk to it" (handshake, wire version, auth of an external URI), not merely "a port is open".
 */
export async function mongoPing(uri: string, timeoutMs: number): Promise<void> {
  const client = new mongoose.mongo.MongoClient(uri, {
    serverSelectionTimeoutMS: Math.max(timeoutMs, 100),
    connectTimeoutMS: Math.max(timeoutMs, 100),
  });
  try {
    await client.connect();
    const reply = await client.db('admin').command({ ping: 1 });
    if (reply.ok !== 1) throw new Error(`ping answered ${JSON.stringify(reply)}`);
  } finally {
    await client.close().catch(() => {});
  }
}
