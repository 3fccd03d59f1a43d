import type { Redis } from 'ioredis';
import { z } from 'zod';
import { decodeEntry } from '../codec.ts';
import type { StreamKeys } from '../keys.ts';
import { ensureConsumerGroup, isNoGroupError } from './consumer-group.ts';
import type { FunctionDefinition } from './function.ts';
import type { RuntimeLogger } from './logger.ts';
import { unblockClient } from './unblock-client.ts';

export interface FunctionConsumerOptions {
  /** Shared connection for acks and group administration; never blocked. */
  redis: Redis;
  fn: FunctionDefinition;
  keys: StreamKeys;
  consumer: string;
  concurrency: number;
  batchSize: number;
  blockMs: number;
  logger: RuntimeLogger;
}

type StreamReply = [stream: string, entries: [id: string, fields: string[]][]][] | null;

const readErrorBackoffMs = [100, 250, 500, 1000, 2000, 5000] as const;

/**
 * Runs one function: reads its consumer group with a dedicated blocking connection, keeps up to
 * `concurrency` runs in flight, and acknowledges finished entries in one XACK per event-loop turn.
 */
export class FunctionConsumer {
  private readonly blocking: Redis;
  private readonly stream: string;
  private readonly group: string;
  private readonly connectionName: string;
  private running = false;
  private loop: Promise<void> | null = null;
  private inflight = 0;
  private wakeReader: (() => void) | null = null;
  private wakeDrain: (() => void) | null = null;
  private acks: string[] = [];
  private ackFlush: Promise<void> | null = null;

  constructor(private readonly options: FunctionConsumerOptions) {
    this.stream = options.keys.stream(options.fn.event.name);
    this.group = options.fn.id;
    this.connectionName = `fixstream:${options.consumer}:${options.fn.id}`.replace(/\s/g, '_');
    this.blocking = options.redis.duplicate({
      connectionName: this.connectionName,
      maxRetriesPerRequest: null,
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    await ensureConsumerGroup(this.options.redis, this.stream, this.group);
    this.running = true;
    this.loop = this.readLoop();
  }

  /** Stops reading, lets in-flight runs finish (up to `timeoutMs`), flushes acks and closes the connection. */
  async stop(timeoutMs: number): Promise<void> {
    if (this.running) {
      this.running = false;
      this.wakeReader?.();
      await unblockClient(this.options.redis, this.connectionName).catch(() => undefined);
      if (!(await settlesWithin(this.loop, 2_000))) this.blocking.disconnect();
      await settlesWithin(this.drained(), timeoutMs);
      await this.flushAcks();
    }
    this.blocking.disconnect();
  }

  private async readLoop(): Promise<void> {
    const { fn, logger, consumer, batchSize, blockMs } = this.options;
    let failures = 0;
    while (this.running) {
      await this.capacity();
      if (!this.running) break;
      let reply: StreamReply;
      try {
        const count = Math.min(batchSize, this.options.concurrency - this.inflight);
        reply = (await this.blocking.xreadgroup(
          'GROUP',
          this.group,
          consumer,
          'COUNT',
          count,
          'BLOCK',
          blockMs,
          'STREAMS',
          this.stream,
          '>',
        )) as StreamReply;
        failures = 0;
      } catch (error) {
        if (!this.running) break;
        if (isNoGroupError(error)) {
          logger.warn({ function: fn.id, stream: this.stream }, 'consumer group vanished; recreating it');
          await ensureConsumerGroup(this.options.redis, this.stream, this.group).catch(() => undefined);
          continue;
        }
        const delay = readErrorBackoffMs[Math.min(failures++, readErrorBackoffMs.length - 1)] ?? 5000;
        logger.error({ function: fn.id, err: error, retryInMs: delay }, 'reading the stream failed');
        await sleep(delay);
        continue;
      }
      for (const [, entries] of reply ?? []) {
        for (const [entryId, fields] of entries) this.dispatch(entryId, fields);
      }
    }
  }

  private dispatch(entryId: string, fields: string[]): void {
    this.inflight++;
    void this.run(entryId, fields).finally(() => {
      this.inflight--;
      this.wakeReader?.();
      if (this.inflight === 0) this.wakeDrain?.();
    });
  }

  private async run(entryId: string, fields: string[]): Promise<void> {
    const { fn, logger } = this.options;
    const decoded = decodeEntry(fields);
    const parsed = decoded.ok ? fn.event.envelope.safeParse(decoded.event) : null;
    if (!parsed?.success) {
      const reason = parsed ? z.prettifyError(parsed.error) : decoded.ok ? 'invalid' : decoded.error;
      logger.error({ function: fn.id, entryId, reason }, 'event does not match its schema; skipped');
      this.ack(entryId);
      return;
    }
    const event = parsed.data;
    try {
      await fn.handler({ event, attempt: 1, logger, runKey: `${event.id}.${fn.id}` });
      this.ack(entryId);
    } catch (error) {
      logger.error({ function: fn.id, entryId, eventId: event.id, err: error }, 'function run failed');
    }
  }

  private ack(entryId: string): void {
    this.acks.push(entryId);
    if (!this.ackFlush)
      this.ackFlush = new Promise((resolve) => setImmediate(resolve)).then(() => this.flushAcks());
  }

  private async flushAcks(): Promise<void> {
    const ids = this.acks;
    this.acks = [];
    this.ackFlush = null;
    if (ids.length === 0) return;
    try {
      await this.options.redis.xack(this.stream, this.group, ...ids);
    } catch (error) {
      this.options.logger.warn(
        { function: this.options.fn.id, count: ids.length, err: error },
        'acknowledging entries failed; they stay pending and will be delivered again',
      );
    }
  }

  private async capacity(): Promise<void> {
    while (this.running && this.inflight >= this.options.concurrency) {
      await new Promise<void>((resolve) => {
        this.wakeReader = resolve;
      });
      this.wakeReader = null;
    }
  }

  private async drained(): Promise<void> {
    while (this.inflight > 0) {
      await new Promise<void>((resolve) => {
        this.wakeDrain = resolve;
      });
      this.wakeDrain = null;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function settlesWithin(promise: Promise<unknown> | null, ms: number): Promise<boolean> {
  if (!promise) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = promise.then(
    () => true as const,
    () => true as const,
  );
  const result = await Promise.race([settled, timeout]);
  clearTimeout(timer);
  return result;
}
