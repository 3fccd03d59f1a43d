import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { activeTraceContext, type EventTraceContext } from './tracing/trace-context.ts';
import { traceparentSchema, tracestateSchema } from './tracing/traceparent.ts';

/** The envelope every event travels in: producers assign `id`, consumers dedupe runs on it. */
export interface EventEnvelope<Name extends string = string, Data = unknown> {
  id: string;
  name: Name;
  version: number;
  occurredAt: string;
  data: Data;
  /**
   * W3C trace context of the call that produced the event (envelope revision 2, docs/events.md), so the runs it
   * starts join that call's trace. Absent on older events and when the producer does not trace.
   */
  traceparent?: string;
  tracestate?: string;
}

/** An event type of the catalog: its name, its current version and the schema its data must satisfy. */
export interface EventDefinition<Name extends string = string, DataSchema extends z.ZodType = z.ZodType> {
  name: Name;
  version: number;
  data: DataSchema;
  /** Validates a whole envelope, including that its name and version are this definition's. */
  envelope: z.ZodType<EventEnvelope<Name, z.output<DataSchema>>>;
  /**
   * Builds a new envelope with a fresh time-ordered id; validates `data` so a producer cannot emit garbage. It
   * carries `trace` when given (the API passes its call's, having no active span across awaits), else the active
   * span's trace context, if any.
   */
  create(
    data: z.input<DataSchema>,
    options?: { id?: string; occurredAt?: Date; trace?: EventTraceContext },
  ): EventEnvelope<Name, z.output<DataSchema>>;
}

export type EventOf<D extends EventDefinition> =
  D extends EventDefinition<infer N, infer S> ? EventEnvelope<N, z.output<S>> : never;

export const eventIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/, 'event ids may only contain letters, digits, _ and -');

/** Declares an event type. Versions are integers; a consumer only accepts the version it was written for. */
export function defineEvent<Name extends string, DataSchema extends z.ZodType>(spec: {
  name: Name;
  version: number;
  data: DataSchema;
}): EventDefinition<Name, DataSchema> {
  const envelope = z.object({
    id: eventIdSchema,
    name: z.literal(spec.name),
    version: z.literal(spec.version),
    occurredAt: z.iso.datetime({ offset: true }),
    data: spec.data,
    traceparent: traceparentSchema.optional(),
    tracestate: tracestateSchema.optional(),
  }) as unknown as z.ZodType<EventEnvelope<Name, z.output<DataSchema>>>;
  return {
    ...spec,
    envelope,
    create(data, options) {
      return {
        id: options?.id ?? uuidv7(),
        name: spec.name,
        version: spec.version,
        occurredAt: (options?.occurredAt ?? new Date()).toISOString(),
        data: spec.data.parse(data),
        ...(options?.trace ?? activeTraceContext()),
      };
    },
  };
}
