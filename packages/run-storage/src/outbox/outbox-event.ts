import { Schema } from 'mongoose';

/**
 * An event owed by the aggregate it sits in. Written in the same single-document write as the change it
 * describes (FerretDB and standalone MongoDB have no multi-document transactions), so a saved change can
 * never lose its event.
 */
export const outboxEventSchema = new Schema(
  {
    id: { type: String, required: true },
    name: { type: String, required: true },
    version: { type: Number, required: true },
    occurredAt: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    traceparent: { type: String },
    tracestate: { type: String },
  },
  { _id: false, minimize: false },
);

export interface OutboxEvent {
  id: string;
  name: string;
  version: number;
  occurredAt: string;
  data: unknown;
  /** Mongoose reads an unset optional string as null or leaves it out. */
  traceparent?: string | null;
  tracestate?: string | null;
}
