import { type Connection, Schema } from 'mongoose';

/** Named leases (e.g. the outbox relay): who holds each and until when. */
export const leaseSchema = new Schema({
  _id: { type: String, required: true },
  holder: { type: String, required: true },
  until: { type: Date, required: true },
});

export function leaseModel(connection: Connection) {
  return connection.model('Lease', leaseSchema, 'leases');
}
