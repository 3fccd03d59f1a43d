/**
 * Runs tasks one at a time per key, in arrival order. The API queues every change of one request in it, so that
 * concurrent changes within one process take turns instead of racing for the same revision claim and answering
 * each other with conflicts. It does not exclude other processes: the revision claims in MongoDB do that.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
