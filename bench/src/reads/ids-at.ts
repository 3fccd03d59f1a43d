import { Types } from 'mongoose';
import type { SeededRandom } from './seeded-random.ts';

/**
 * An ObjectId whose embedded time is `at`, as the API's would be for a record created then: lists page newest
 * first by `_id`, so backdated records need ids of their own time for that order to match `createdAt`.
 */
export function objectIdAt(at: Date, random: SeededRandom): Types.ObjectId {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(Math.floor(at.getTime() / 1000), 0);
  bytes.writeUInt32BE(random.uint32(), 4);
  bytes.writeUInt32BE(random.uint32(), 8);
  return new Types.ObjectId(bytes);
}

/** A UUIDv7-shaped event id for an event that occurred at `at` (the catalog's `create` mints one for now). */
export function eventIdAt(at: Date, random: SeededRandom): string {
  const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0').slice(-digits);
  const ms = at.getTime();
  const time = `${hex(Math.floor(ms / 2 ** 16), 8)}${hex(ms % 2 ** 16, 4)}`;
  const rand = `${hex(random.uint32(), 8)}${hex(random.uint32(), 8)}${hex(random.uint32(), 8)}`;
  const variant = hex(0x8 | (random.uint32() & 0x3), 1);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rand.slice(0, 3)}-${variant}${rand.slice(3, 6)}-${rand.slice(6, 18)}`;
}
