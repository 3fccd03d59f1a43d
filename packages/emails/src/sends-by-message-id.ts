/**
 * This process's sends by Message-ID, which the worker derives from the run (event, function): the send still in
 * flight, so a second send of the same mail joins it instead of delivering it again, and the sends the server
 * accepted after their caller had stopped waiting (its run timed out past its grace, its worker was stopping).
 * The runtime recorded such a run as failed and will try it again; that attempt finds the mail here and is told
 * it was sent, instead of sending it a second time. Only those late deliveries are kept, for `rememberMs` and at
 * most `maxRemembered` of them (oldest forgotten first): a run that settled in time is recorded as it went.
 */
export class SendsByMessageId<Send, Result> {
  private readonly sending = new Map<string, Send>();
  private readonly late = new Map<string, { result: Result; at: number }>();

  constructor(private readonly limits: { rememberMs: number; maxRemembered: number; now?: () => number }) {}

  inFlight(messageId: string): Send | undefined {
    return this.sending.get(messageId);
  }

  /** Tracks `send` as the one in flight for `messageId` until `settled` settles. */
  track(messageId: string, send: Send, settled: Promise<unknown>): void {
    this.sending.set(messageId, send);
    const untrack = () => {
      if (this.sending.get(messageId) === send) this.sending.delete(messageId);
    };
    settled.then(untrack, untrack);
  }

  /** Remembers a delivery that completed after its caller had given up on it. */
  rememberLate(messageId: string, result: Result): void {
    this.late.delete(messageId);
    this.late.set(messageId, { result, at: this.now() });
    for (const oldest of this.late.keys()) {
      if (this.late.size <= this.limits.maxRemembered) break;
      this.late.delete(oldest);
    }
  }

  /** The result of a late delivery of this Message-ID, if one is remembered. */
  deliveredLate(messageId: string): Result | undefined {
    const entry = this.late.get(messageId);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.limits.rememberMs) {
      this.late.delete(messageId);
      return undefined;
    }
    return entry.result;
  }

  private now(): number {
    return this.limits.now?.() ?? Date.now();
  }
}
