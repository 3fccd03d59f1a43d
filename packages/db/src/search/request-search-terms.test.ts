import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { requestSearchTermDocs, stageTermOf, subjectTerms } from './request-search-terms.ts';

const request = {
  _id: new Types.ObjectId('65f000000000000000000001'),
  company: new Types.ObjectId('65f0000000000000000000aa'),
  subject: 'Pump seal',
  priority: 2,
  status: 'in_progress',
};

describe('requestSearchTermDocs', () => {
  it("derives the subject's terms and the stage term, each as of its own revision", () => {
    const docs = requestSearchTermDocs(request, { words: 3, stage: 5 });
    expect(docs.map((doc) => doc._id)).toEqual([
      ...subjectTerms('Pump seal').map((term) => `${request._id}|3|${term}`),
      `${request._id}|5|~in_progress`,
    ]);
    expect(new Set(docs.map((doc) => doc.priority))).toEqual(new Set([2]));
  });

  it('leaves out the part without a revision', () => {
    expect(requestSearchTermDocs(request, { stage: 1 }).map((doc) => doc.term)).toEqual(['~in_progress']);
    expect(requestSearchTermDocs(request, { words: 1 }).map((doc) => doc.term)).not.toContain('~in_progress');
  });

  it('never gives a stage term the spelling of a word term', () => {
    expect(subjectTerms('~in_progress in progress')).not.toContain(stageTermOf('in_progress'));
  });
});
