/** The command line was wrong: exit code 2, with the command's usage on stderr. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The usage text to print under the message. */
    readonly usage: string,
  ) {
    super(message);
  }
}

/**
 * A failure the operator can act on (unknown event, unreachable database): exit code 1 and this message, one line,
 * without a stack trace.
 */
export class OpsError extends Error {
  override readonly name = 'OpsError';
}

/** Exit codes: 0 done, 1 failed, 2 bad usage (as `grep` and most Unix tools). */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;
