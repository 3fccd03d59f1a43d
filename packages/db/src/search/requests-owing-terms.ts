import { requestCreated } from '@fixstream/events';
import type { Outbox } from '@fixstream/run-storage';
import { Types } from 'mongoose';
import { requestOutboxRef } from '../request-outbox.ts';

const refPrefix = requestOutboxRef('');

/**
 * The requests of a company that may not have their search terms yet: those whose `request.created` is still owed
 * (`Outbox.owingRefs`). A create writes no terms; the worker's function on that event does, and the event's owed
 * row stays until every function has finished it, so a request without terms is always among these. A search reads
 * them beside the terms: few while the worker keeps up, all of the company's new requests while it is down.
 */
export async function requestsOwingTerms(
  outbox: Pick<Outbox, 'owingRefs'>,
  companyId: string,
): Promise<Types.ObjectId[]> {
  const refs = await outbox.owingRefs(companyId, requestCreated.name);
  return refs
    .filter((ref) => ref.startsWith(refPrefix))
    .map((ref) => ref.slice(refPrefix.length))
    .filter((id) => Types.ObjectId.isValid(id))
    .map((id) => new Types.ObjectId(id));
}
