/**
 * A run's timeout that stands still while the run waits outside it (`outsideTimeout`): `expired` resolves once the
 * run has spent `timeoutMs` of its own time, however long it waited for shared resources in between.
 */
export class RunClock {
  readonly expired: Promise<void>;
  private remainingMs: number;
  private startedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private waits = 0;
  private stopped = false;
  private fire: () => void = () => {};

  constructor(timeoutMs: number) {
    this.remainingMs = timeoutMs;
    this.expired = new Promise<void>((resolve) => {
      this.fire = resolve;
    });
    this.resume();
  }

  /** Waits for `pending` with the clock stopped (several waits at once stop it once). */
  async outside<T>(pending: Promise<T>): Promise<T> {
    if (this.waits++ === 0) this.pause();
    try {
      return await pending;
    } finally {
      if (--this.waits === 0) this.resume();
    }
  }

  /** Stops the clock for good: the run is over. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private pause(): void {
    if (this.stopped || this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.remainingMs -= Date.now() - this.startedAt;
  }

  private resume(): void {
    if (this.stopped) return;
    this.startedAt = Date.now();
    this.timer = setTimeout(() => this.fire(), Math.max(0, this.remainingMs));
  }
}
