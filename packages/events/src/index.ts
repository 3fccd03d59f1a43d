export { type EventName, eventCatalog } from './catalog/catalog.ts';
export { objectIdString } from './catalog/ids.schema.ts';
export { requestCreated } from './catalog/request-created.event.ts';
export { type DecodedEntry, decodeEntry, encodeEvent } from './codec.ts';
export {
  defineEvent,
  type EventDefinition,
  type EventEnvelope,
  type EventOf,
  eventIdSchema,
} from './event.ts';
export { type StreamKeys, streamKeys } from './keys.ts';
export { createPublisher, type EventPublisher } from './publisher.ts';
export { defineFunction, type FunctionContext, type FunctionDefinition } from './runtime/function.ts';
export { type RuntimeLogger, silentLogger } from './runtime/logger.ts';
export { createFunctionWorker, type FunctionWorker, type FunctionWorkerOptions } from './runtime/worker.ts';
