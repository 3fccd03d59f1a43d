/**
 * Group commit: callers add one item each and await its result; items that arrive while a flush is running
 * wait and go together in the next one. Under load batches grow by themselves, so per-event MongoDB and Redis
 * round trips become per-batch ones, and at low load an item waits one event-loop turn at most.
 */
export class Batcher<In, Out> {
  private queue: { item: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;

  constructor(
    private readonly flushFn: (items: In[]) => Promise<Out[]>,
    private readonly maxBatch = 500,
  ) {}

  /** A batcher whose callers only wait for their item to be written. */
  static forEffect<T>(effect: (items: T[]) => Promise<unknown>, maxBatch?: number): Batcher<T, void> {
    return new Batcher<T, void>(async (items) => {
      await effect(items);
      return items.map((): void => undefined);
    }, maxBatch);
  }

  add(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when everything added so far has been flushed. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.flushing || this.scheduled) {
      await (this.flushing ?? new Promise((resolve) => setImmediate(resolve)));
    }
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
        if (this.queue.length > 0) this.schedule();
      });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    try {
      const results = await this.flushFn(batch.map((entry) => entry.item));
      batch.forEach((entry, index) => {
        entry.resolve(results[index] as Out);
      });
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
