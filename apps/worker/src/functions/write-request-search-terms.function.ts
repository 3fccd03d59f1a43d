import { writeStoredRequestTerms } from '@fixstream/db';
import { defineFunction, requestCreated } from '@fixstream/events';
import type { FunctionDeps } from './function-deps.ts';

/**
 * Writes a created request's search terms, off the create's path: `requests.create` answers after one insert of
 * the request, and the terms of many creates share one insert command here (the group commit of
 * `writeStoredRequestTerms`). Until this has finished, the event's owed row lets the search find the request
 * without them.
 */
export function writeRequestSearchTerms(deps: Pick<FunctionDeps, 'db'>) {
  return defineFunction({
    id: 'write-request-search-terms',
    event: requestCreated,
    async handler({ event, logger }) {
      if (!(await writeStoredRequestTerms(deps.db, event.data.requestId)))
        logger.warn(
          { eventId: event.id, requestId: event.data.requestId },
          'request no longer exists; no terms',
        );
    },
  });
}
