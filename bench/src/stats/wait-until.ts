import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls a condition until it holds: the bench detects completion from the systems' own state (a consumer group
 * with nothing pending, a queue with no jobs left, the mails at the sink), never from fixed sleeps.
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  opts: { timeoutMs: number; intervalMs?: number; progress?: () => string | Promise<string> },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      const progress = opts.progress ? ` (${await opts.progress()})` : '';
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${what}${progress}`);
    }
    await delay(opts.intervalMs ?? 10);
  }
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
