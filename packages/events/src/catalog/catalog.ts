import type { EventDefinition } from '../event.ts';
import { requestCreated } from './request-created.event.ts';

/** Every event type fixstream knows, by name. Tools (ops CLI, relay) look definitions up here. */
export const eventCatalog = {
  [requestCreated.name]: requestCreated,
} as const satisfies Record<string, EventDefinition>;

export type EventName = keyof typeof eventCatalog;
