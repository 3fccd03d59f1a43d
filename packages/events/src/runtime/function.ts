import type { EventDefinition, EventOf } from '../event.ts';
import type { RuntimeLogger } from './logger.ts';

/** What a handler receives for one run of one event. */
export interface FunctionContext<E> {
  event: E;
  /** 1 on the first delivery, higher when the event is handed out again. */
  attempt: number;
  logger: RuntimeLogger;
  /** A stable key for this (event, function) pair; effects derive their idempotency keys from it. */
  runKey: string;
}

/** A background function: runs once per event of one type, in the consumer group named by its id. */
export interface FunctionDefinition<D extends EventDefinition = EventDefinition> {
  id: string;
  event: D;
  handler(context: FunctionContext<EventOf<D>>): Promise<void>;
}

const functionIdPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Declares a function. The id names the consumer group and the dead-letter stream, so it must stay stable
 * across deploys: renaming it starts a new group that reads the stream from its beginning.
 */
export function defineFunction<D extends EventDefinition>(
  spec: FunctionDefinition<D>,
): FunctionDefinition<D> {
  if (!functionIdPattern.test(spec.id)) {
    throw new Error(
      `Function id "${spec.id}" must be lowercase letters, digits and dashes (max 63 characters)`,
    );
  }
  return spec;
}
