/** A long task as the page's `PerformanceObserver` saw it: ms since navigation start, and its length. */
export interface LongTask {
  startTime: number;
  duration: number;
}

/** What long tasks cost the person at the page in one stretch of time. */
export interface Blocking {
  longTasks: number;
  /** Sum of each long task's time past 50 ms: Lighthouse's total blocking time, over the whole stretch. */
  totalBlockingMs: number;
  longestTaskMs: number;
}

/** Main-thread work longer than this blocks input noticeably (the Long Tasks API's own threshold). */
export const longTaskThresholdMs = 50;

/**
 * Blocking time of the tasks that started in `[fromMs, toMs)`: Lighthouse's TBT arithmetic, without its
 * FCP-to-TTI window, since the board is measured over its load and then over scripted interactions.
 */
export function blockingOf(
  tasks: readonly LongTask[],
  fromMs = 0,
  toMs = Number.POSITIVE_INFINITY,
): Blocking {
  const inside = tasks.filter((task) => task.startTime >= fromMs && task.startTime < toMs);
  return {
    longTasks: inside.length,
    totalBlockingMs: inside.reduce((sum, task) => sum + Math.max(0, task.duration - longTaskThresholdMs), 0),
    longestTaskMs: inside.reduce((longest, task) => Math.max(longest, task.duration), 0),
  };
}
