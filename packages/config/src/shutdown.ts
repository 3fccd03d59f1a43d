/**
 * Runs `close` on the first SIGTERM or SIGINT and exits when it finishes; a second signal exits at once.
 * Both apps use it so operators get the same behaviour everywhere: one Ctrl-C drains, two kill.
 */
export function closeOnSignals(
  close: () => Promise<void>,
  log: (message: string, error?: unknown) => void,
): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      log(`${signal} again: exiting now`);
      process.exit(130);
    }
    closing = true;
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
