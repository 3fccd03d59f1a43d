/** A repeat of the same signal within this window is the same Ctrl-C relayed by a wrapper (tsx watch, a shell). */
const relayWindowMs = 1_000;

/**
 * Runs `close` on the first SIGTERM or SIGINT and exits when it finishes; a later second signal exits at once.
 * Both apps use it so operators get the same behaviour everywhere: one Ctrl-C drains, two kill.
 */
export function closeOnSignals(
  close: () => Promise<void>,
  log: (message: string, error?: unknown) => void,
): void {
  let firstSignalAt: number | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt !== null) {
      if (Date.now() - firstSignalAt < relayWindowMs) return;
      log(`${signal} again: exiting now`);
      process.exit(130);
    }
    firstSignalAt = Date.now();
    log(`${signal}: shutting down gracefully (send it again to exit at once)`);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        log('shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
