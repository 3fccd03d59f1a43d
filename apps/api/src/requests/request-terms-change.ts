import { dropRequestSearchTerms, type SearchableRequest, writeRequestSearchTerms } from '@fixstream/db';
import type { ApiDeps } from '../deps.ts';
import type { RequestForChange } from './request-revision-fence.ts';

/** What a change of a request's subject or priority does to its search terms, around the document write. */
export interface TermsChange {
  /** Writes the terms of the new subject and priority as of `revision`, before the document write; answers the field to set with it. */
  before(revision: number): Promise<{ termsRevision: number }>;
  /** After the document write: deletes the terms it replaced, or its own when it did not happen. */
  after(written: boolean, revision: number): Promise<void>;
}

/**
 * The search terms work of a change, or null when it changes neither the subject nor the priority. Terms are
 * versioned by the revision of the write that set them (`termsRevision`), which only its one claimant writes: the
 * new terms go in before the document, the replaced ones are deleted after it, so a search never misses the
 * request, and a late delete can only remove terms no revision to come will use. A failed delete leaves stale
 * terms, which the search drops when it checks the subject; it is logged, not answered.
 */
export function termsChange(
  deps: ApiDeps,
  current: RequestForChange,
  set: Record<string, unknown>,
): TermsChange | null {
  const subject = typeof set.subject === 'string' ? set.subject : current.subject;
  const priority = typeof set.priority === 'number' ? set.priority : current.priority;
  if (subject === current.subject && priority === current.priority) return null;
  const replaced: SearchableRequest = current;
  const next: SearchableRequest = { ...current, subject, priority };
  return {
    async before(revision) {
      await writeRequestSearchTerms(deps.db, next, revision);
      return { termsRevision: revision };
    },
    async after(written, revision) {
      const [stale, of] = written ? [replaced, current.termsRevision ?? 0] : [next, revision];
      await dropRequestSearchTerms(deps.db, stale, of).catch((error: unknown) =>
        deps.logger.warn(
          { err: error, requestId: current._id.toString() },
          'could not drop old search terms',
        ),
      );
    },
  };
}
