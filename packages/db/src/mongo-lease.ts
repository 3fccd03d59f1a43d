import type { Lease } from '@fixstream/events';
import type { Database } from './database.ts';
import { isDuplicateKey } from './mongo-helpers.ts';

/** A lease kept in MongoDB: whoever renews it before it runs out keeps it; a crashed holder loses it. */
export function createMongoLease(db: Database, name: string): Lease {
  const leases = db.models.Lease.collection;
  return {
    async acquire(holder, ttlMs) {
      const now = new Date();
      try {
        const doc = await leases.findOneAndUpdate(
          { _id: name as never, $or: [{ until: { $lt: now } }, { holder }] },
          { $set: { holder, until: new Date(now.getTime() + ttlMs) } },
          { upsert: true, returnDocument: 'after' },
        );
        return doc?.holder === holder;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async release(holder) {
      await leases.updateOne({ _id: name as never, holder }, { $set: { until: new Date(0) } });
    },
  };
}
