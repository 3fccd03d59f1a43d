import {
  dropRequestSearchTerms,
  type SearchableRequest,
  type TermRevisions,
  writeRequestSearchTerms,
} from '@fixstream/db';
import type { ApiDeps } from '../deps.ts';
import type { RequestForChange } from './request-revision-fence.ts';

/** What a change of a request's subject, stage or priority does to its search terms, around the document write. */
export interface TermsChange {
  /**
   * Writes the terms of the new subject, stage and priority as of `revision`, before the document write; answers
   * the fields to set with it.
   */
  before(revision: number): Promise<{ termsRevision?: number; stageTermRevision?: number }>;
  /** After the document write: deletes the terms it replaced, or its own when it did not happen. */
  after(written: boolean, revision: number): Promise<void>;
}

/**
 * The search terms work of a change, or null when it changes neither the subject, the stage nor the priority. The
 * subject's terms are versioned by the revision of the write that set them (`termsRevision`), the stage term by
 * its own (`stageTermRevision`: a stage move writes one term, not the subject's); both carry the priority, so a
 * change of priority writes both. Only a revision's one claimant writes its terms: the new terms go in before the
 * document, the replaced ones are deleted after it, so a search never misses the request, and a late delete can
 * only remove terms no revision to come will use. A failed delete leaves stale terms, which the search drops when
 * it checks the request; it is logged, not answered.
 */
export function termsChange(
  deps: ApiDeps,
  current: RequestForChange,
  set: Record<string, unknown>,
): TermsChange | null {
  const subject = typeof set.subject === 'string' ? set.subject : current.subject;
  const priority = typeof set.priority === 'number' ? set.priority : current.priority;
  const status = typeof set.status === 'string' ? set.status : current.status;
  const words = subject !== current.subject || priority !== current.priority;
  const stage = status !== current.status || priority !== current.priority;
  if (!words && !stage) return null;
  const replaced: SearchableRequest = current;
  const next: SearchableRequest = { ...current, subject, priority, status };
  // Only the parts the change touches, each as of its own revision.
  const parts = (wordsAt: number, stageAt: number): TermRevisions => ({
    words: words ? wordsAt : undefined,
    stage: stage ? stageAt : undefined,
  });
  return {
    async before(revision) {
      await writeRequestSearchTerms(deps.db, next, parts(revision, revision));
      return {
        ...(words ? { termsRevision: revision } : {}),
        ...(stage ? { stageTermRevision: revision } : {}),
      };
    },
    async after(written, revision) {
      const [stale, of] = written
        ? [replaced, parts(current.termsRevision ?? 0, current.stageTermRevision ?? 0)]
        : [next, parts(revision, revision)];
      await dropRequestSearchTerms(deps.db, stale, of).catch((error: unknown) =>
        deps.logger.warn(
          { err: error, requestId: current._id.toString() },
          'could not drop old search terms',
        ),
      );
    },
  };
}
