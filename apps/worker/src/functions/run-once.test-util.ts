import {
  createStepTools,
  type EventDefinition,
  type EventOf,
  type FunctionDefinition,
  runKey,
  type StepStore,
  silentLogger,
} from '@fixstream/events';

/**
 * Runs a function's handler once on `event`, outside the runtime: a first attempt with no timeout and no step
 * store, as the tests of a function's own behaviour need it (or with `steps`, for a function made of steps). The
 * Message-IDs the run records are pushed onto `messageIds`, whether or not it throws.
 */
export function runOnce<D extends EventDefinition>(
  fn: FunctionDefinition<D>,
  event: EventOf<D>,
  steps: StepStore | null = null,
  messageIds: string[] = [],
): Promise<void> {
  const key = runKey(event.id, fn.id);
  return fn.handler({
    event,
    attempt: 1,
    logger: silentLogger,
    runKey: key,
    signal: new AbortController().signal,
    outsideTimeout: <T>(pending: Promise<T>) => pending,
    step: createStepTools({ runKey: key, store: steps }),
    recordMessageId: (messageId) => {
      if (!messageIds.includes(messageId)) messageIds.push(messageId);
    },
  });
}
