import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { streamKeys } from '../keys.ts';
import type { FunctionDefinition } from './function.ts';
import { FunctionConsumer } from './function-consumer.ts';
import { type RuntimeLogger, silentLogger } from './logger.ts';

export interface FunctionWorkerOptions {
  redis: Redis;
  /** Key prefix shared with the publisher (see `streamKeys`). */
  prefix: string;
  functions: readonly FunctionDefinition[];
  /** Consumer name inside each group; unique per process so XPENDING shows who holds what. */
  consumer?: string;
  /** Runs in flight per function. */
  concurrency?: number;
  /** Most entries fetched by one XREADGROUP. */
  batchSize?: number;
  /** How long one XREADGROUP blocks waiting for new entries. */
  blockMs?: number;
  /** How long `close()` waits for in-flight runs before giving up on them (they stay pending). */
  shutdownTimeoutMs?: number;
  logger?: RuntimeLogger;
}

/** Runs a set of functions against their streams. */
export interface FunctionWorker {
  readonly consumer: string;
  start(): Promise<void>;
  /** Stops reading, finishes in-flight runs, acks them. Safe to call more than once. */
  close(): Promise<void>;
}

export function createFunctionWorker(options: FunctionWorkerOptions): FunctionWorker {
  const ids = new Set<string>();
  for (const fn of options.functions) {
    if (ids.has(fn.id)) throw new Error(`Two functions share the id "${fn.id}"`);
    ids.add(fn.id);
  }
  const consumer =
    options.consumer ?? `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const keys = streamKeys(options.prefix);
  const consumers = options.functions.map(
    (fn) =>
      new FunctionConsumer({
        redis: options.redis,
        fn,
        keys,
        consumer,
        concurrency: options.concurrency ?? 16,
        batchSize: options.batchSize ?? 100,
        blockMs: options.blockMs ?? 5_000,
        logger: options.logger ?? silentLogger,
      }),
  );
  let closing: Promise<void> | null = null;
  return {
    consumer,
    async start() {
      if (closing) throw new Error('This worker was closed; create a new one');
      await Promise.all(consumers.map((c) => c.start()));
    },
    close() {
      closing ??= Promise.all(consumers.map((c) => c.stop(options.shutdownTimeoutMs ?? 30_000))).then(
        () => undefined,
      );
      return closing;
    },
  };
}
