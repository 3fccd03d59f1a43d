/** How long {@link waitFor} keeps checking, and how often. */
export interface WaitForOptions {
  /** Fail once this many milliseconds have passed without the condition holding. Default 20 000. */
  timeoutMs?: number;
  /**
   * Pause between two checks, in milliseconds. Default 20. It only sets how soon a change is noticed (and how
   * much the checks cost): a test passes because its condition holds, never because time went by.
   */
  intervalMs?: number;
}

/**
 * What is awaited, as the failure message names it: a phrase ("every event run"), or a function producing one,
 * called only on a timeout so that it can report the state at that moment ("3 of 10 mails arrived").
 */
export type WaitForSubject = string | (() => string | Promise<string>);

export const defaultWaitForTimeoutMs = 20_000;
export const defaultWaitForIntervalMs = 20;

/**
 * Checks `condition` until it holds, pausing `intervalMs` between checks; rejects with "timed out after
 * <timeoutMs> ms waiting for <what>" when it still does not hold once `timeoutMs` have passed. Tests and the bench
 * wait for states this way, never with a fixed sleep.
 *
 * - The condition may be synchronous or return a promise. It is checked at once, and the wait fails only after a
 *   check that ended past the deadline, so it never fails on a stale look.
 * - A condition that throws (or rejects) ends the wait with that error at once: throw to fail fast on a state
 *   that can no longer turn good (a process that exited, a job that failed).
 * - `what` as a function is called only on a timeout; should it throw, the message says so instead of hiding
 *   the timeout.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: WaitForSubject,
  options: WaitForOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? defaultWaitForTimeoutMs;
  const intervalMs = options.intervalMs ?? defaultWaitForIntervalMs;
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${await describe(what)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

async function describe(what: WaitForSubject): Promise<string> {
  if (typeof what === 'string') return what;
  try {
    return await what();
  } catch (error) {
    return `(a condition whose description failed: ${error instanceof Error ? error.message : String(error)})`;
  }
}
