/** What a delivery's body gets: the signal that cancels it, and the call that ends cancellability. */
export type DeliverySteps = {
  /** Aborted when the delivery is cancelled; never after {@link DeliverySteps.handedOver}. */
  signal: AbortSignal;
  /** The message may now be accepted by the server: from here on the delivery runs to the server's answer. */
  handedOver(): void;
};

/**
 * One message on its way to the SMTP server, shared by every caller sending it. A caller's abort cancels it only
 * while the server cannot have accepted the message (waiting for a connection, envelope, body still streaming),
 * so a cancelled delivery is certainly not delivered and may be retried. Once handed over it is never cancelled:
 * the callers wait for the server's answer (bounded by the socket timeout) and get the truth, because a run
 * recorded as failed while its mail goes out would be retried into a duplicate.
 */
export class Delivery<Result> {
  readonly result: Promise<Result>;
  private readonly controller = new AbortController();
  private cancellable = true;

  constructor(body: (steps: DeliverySteps) => Promise<Result>) {
    const settled = () => {
      this.cancellable = false;
    };
    this.result = body({
      signal: this.controller.signal,
      handedOver: settled,
    });
    this.result.then(settled, settled);
  }

  /** Cancels the delivery unless its message may already be with the server; says whether it did. */
  cancel(reason: unknown): boolean {
    if (!this.cancellable) return false;
    this.controller.abort(reason);
    return true;
  }

  /** The delivery's outcome for one caller, whose `signal` cancels it while it still can be cancelled. */
  async follow(signal?: AbortSignal): Promise<Result> {
    if (!signal) return this.result;
    const onAbort = () => this.cancel(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.result;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}
