import type { EventEnvelope } from '@fixstream/events';
import type { Model } from 'mongoose';
import type { ApiDeps } from '../deps.ts';
import { outboxGraceMs, publishOwed } from './publish-owed.ts';

/**
 * Applies a change to one document together with the event it causes, in a single update (the outbox lives in the
 * aggregate: FerretDB and standalone MongoDB have no multi-document transactions), then publishes the event.
 * `filter` should pin the state the change expects; the result says whether it matched.
 */
export async function writeWithEvent(
  deps: ApiDeps,
  // biome-ignore lint/suspicious/noExplicitAny: works for any aggregate that has an outbox.
  model: Model<any>,
  filter: Record<string, unknown>,
  set: Record<string, unknown>,
  event: EventEnvelope,
): Promise<boolean> {
  const result = await model.updateOne(filter, {
    $set: { ...set, outboxDueAt: new Date(Date.now() + outboxGraceMs) },
    $push: { outbox: event },
    $inc: { outboxRev: 1 },
  });
  if (result.matchedCount === 0) return false;
  const id = filter._id;
  await publishOwed(
    deps,
    { makeDueNow: () => model.updateOne({ _id: id }, { $set: { outboxDueAt: new Date() } }) },
    [event],
  );
  return true;
}
