/**
 * A first-come, first-served count of SMTP connections: at most `size` sends talk to the server at once and the
 * others wait here, in front of nodemailer's pool. Waiting here is its own phase: nothing has been said to the
 * server yet, so a waiter that gives up leaves no trace, and a send that holds a slot never queues behind another
 * message inside the pool.
 */
export class ConnectionSlots {
  private free: number;
  private readonly waiters: { grant: (release: () => void) => void }[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`Slot count must be >= 1, got ${size}`);
    this.free = size;
  }

  /** Sends waiting for a connection. */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Resolves with the function that gives the slot back (safe to call twice) once one is free; rejects with the
   * signal's reason if it aborts first, and then holds no slot.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: (release: () => void) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next.grant(this.releaser());
      else this.free++;
    };
  }
}
