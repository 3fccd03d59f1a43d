/**
 * Runs tasks one at a time per key, in arrival order. The API wraps every read-check-write of one request in it:
 * MongoDB applies a conditional update atomically, but FerretDB 1.24 reads and writes a document in two steps,
 * so two concurrent conditional updates of one document could both pass their condition. This closes that gap
 * within one API process (the common development and test setup); across replicas it takes MongoDB.
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
