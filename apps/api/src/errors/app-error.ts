/** What went wrong, in the API's own words; `error-map.ts` turns each into a tRPC code. */
export const AppErrorCode = {
  BadInput: 'BAD_INPUT',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  RateLimited: 'RATE_LIMITED',
  Unavailable: 'UNAVAILABLE',
  Internal: 'INTERNAL',
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

/**
 * The one error type services throw. The message is shown to the caller, so it must be a sentence a person
 * understands ("Technician Ada is not a member of team Electrical"), never a driver message.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  /** For RATE_LIMITED: when the caller may try again; the HTTP answer carries it as `Retry-After`. */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** Whole seconds until a limit lets the caller in again, at least 1: the value of `Retry-After`. */
export const retryAfterSeconds = (msBeforeNext: number) => Math.max(1, Math.ceil(msBeforeNext / 1000));

export const notFound = (what: string) => new AppError(AppErrorCode.NotFound, `${what} not found`);
