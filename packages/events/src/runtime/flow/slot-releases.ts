import { duplicateNamed, type RedisConnection } from '../../redis/connection.ts';

/**
 * Hands a freed concurrency slot to a run waiting for it, across worker processes. A run that leaves the gate
 * publishes its slot key on one channel per key prefix (`FlowGate.leave`); every worker subscribes once, and on
 * each message wakes the first of its own runs waiting on that key, so a slot taken back by a waiting run costs
 * one Redis round trip instead of a poll. Several processes may each wake one run: the gate's script lets one of
 * them in and sends the others back to wait. A message lost while the subscriber reconnects, or a slot that frees
 * by expiring, is caught by the waiting run's own retry timer.
 */
export class SlotReleases {
  private subscriber: RedisConnection | null = null;
  private readonly waiters = new Map<string, (() => void)[]>();

  constructor(
    private readonly options: { redis: RedisConnection; channel: string; connectionName: string },
  ) {}

  get channel(): string {
    return this.options.channel;
  }

  async start(): Promise<void> {
    if (this.subscriber) return;
    const subscriber = duplicateNamed(this.options.redis, this.options.connectionName);
    subscriber.on('error', () => {});
    subscriber.on('message', (_channel: string, slotKey: string) => this.released(slotKey));
    this.subscriber = subscriber;
    await subscriber.subscribe(this.options.channel);
  }

  stop(): void {
    this.subscriber?.disconnect();
    this.subscriber = null;
    this.waiters.clear();
  }

  /** Calls `wake` once when a slot of `slotKey` is released; the returned function cancels the wait. */
  wait(slotKey: string, wake: () => void): () => void {
    const queue = this.waiters.get(slotKey) ?? [];
    queue.push(wake);
    this.waiters.set(slotKey, queue);
    return () => {
      const current = this.waiters.get(slotKey);
      const at = current?.indexOf(wake) ?? -1;
      if (!current || at < 0) return;
      current.splice(at, 1);
      if (current.length === 0) this.waiters.delete(slotKey);
    };
  }

  private released(slotKey: string): void {
    const queue = this.waiters.get(slotKey);
    const wake = queue?.shift();
    if (queue?.length === 0) this.waiters.delete(slotKey);
    wake?.();
  }
}
