/**
 * Whether the ledger answers, as seen from its writes: not since a write failed until one lands, nor while one has
 * been waiting longer than `stallMs` (a driver queues writes while MongoDB is away instead of failing them). A run
 * on its only delivery starts only while the ledger answers: its result must be recordable, or the run would happen
 * again after a crash.
 */
export class LedgerHealth {
  private failed = false;
  private reported = true;
  private readonly waiting = new Map<symbol, number>();

  constructor(
    private readonly stallMs: number,
    private readonly onChange: (answering: boolean) => void = () => {},
  ) {}

  /** Follows one ledger write. */
  async track<T>(write: () => Promise<T>): Promise<T> {
    const id = Symbol();
    this.waiting.set(id, Date.now());
    const stalled = setTimeout(() => this.report(), this.stallMs + 1);
    try {
      const value = await write();
      this.failed = false;
      return value;
    } catch (error) {
      this.failed = true;
      throw error;
    } finally {
      clearTimeout(stalled);
      this.waiting.delete(id);
      this.report();
    }
  }

  private report(): void {
    const answering = this.answering();
    if (answering === this.reported) return;
    this.reported = answering;
    this.onChange(answering);
  }

  answering(now = Date.now()): boolean {
    if (this.failed) return false;
    for (const since of this.waiting.values()) if (now - since > this.stallMs) return false;
    return true;
  }
}
