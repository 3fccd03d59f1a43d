/**
 * Thrown by a handler when trying again cannot help (the data is wrong, the recipient does not exist): the run
 * goes straight to the dead-letter stream instead of spending its retries.
 */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
}

/** A run that did not finish within its function's timeout; retried like any other failure. */
export class RunTimeoutError extends Error {
  override readonly name = 'RunTimeoutError';
}

export function isPermanent(error: unknown): boolean {
  return error instanceof PermanentError;
}

/** One line for the ledger and the dead-letter stream: the name and message, never a stack. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2_000);
  return String(error).slice(0, 2_000);
}
