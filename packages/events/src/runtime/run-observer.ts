import type { RuntimeLogger } from './logger.ts';

/** How one attempt of a run ended: `failed` will be retried, `dead` will not, `sleeping` resumes later. */
export type AttemptOutcome = 'succeeded' | 'failed' | 'dead' | 'sleeping';

/** Why an entry went to a function's dead-letter stream. */
export type DeadLetterReason = 'failed' | 'invalid-event';

/**
 * What the runtime tells whoever watches it (metrics, say) as runs end. It keeps `packages/events` free of any
 * metrics library: the app implements it. Calls come on the hot path, so an implementation only counts; it must
 * not block or throw (the runtime swallows and logs what it throws anyway).
 */
export interface RunObserver {
  /** An attempt's handler ended; `durationMs` is how long it ran. */
  onAttemptFinished(functionId: string, outcome: AttemptOutcome, durationMs: number): void;
  /** Sleeping runs of a function were recorded cancelled (by its `cancelOn`, or replaced by a debounce). */
  onRunsCancelled(functionId: string, count: number): void;
  /** An entry was written to the function's dead-letter stream. */
  onDeadLettered(functionId: string, reason: DeadLetterReason): void;
}

export const silentObserver: RunObserver = {
  onAttemptFinished() {},
  onRunsCancelled() {},
  onDeadLettered() {},
};

/** The observer with every call guarded: a failing observer is logged, never lets a run fail. */
export function guardedObserver(observer: RunObserver, logger: RuntimeLogger): RunObserver {
  const guard =
    <A extends unknown[]>(name: keyof RunObserver, call: (...args: A) => void) =>
    (...args: A) => {
      try {
        call(...args);
      } catch (error) {
        logger.warn({ err: error, observer: name }, 'the run observer threw; ignored');
      }
    };
  return {
    onAttemptFinished: guard('onAttemptFinished', observer.onAttemptFinished.bind(observer)),
    onRunsCancelled: guard('onRunsCancelled', observer.onRunsCancelled.bind(observer)),
    onDeadLettered: guard('onDeadLettered', observer.onDeadLettered.bind(observer)),
  };
}
