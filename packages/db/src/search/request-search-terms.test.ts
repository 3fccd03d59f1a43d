import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { requestSearchTermDocs, searchTermOf, stageTermOf, subjectTerms } from './request-search-terms.ts';

const request = {
  _id: new Types.ObjectId('65f000000000000000000001'),
  company: new Types.ObjectId('65f0000000000000000000aa'),
  maintenanceTeam: new Types.ObjectId('65f0000000000000000000bb'),
  requestedBy: new Types.ObjectId('65f0000000000000000000cc'),
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
    expect(new Set(docs.map((doc) => doc.team.toString()))).toEqual(
      new Set([request.maintenanceTeam.toString()]),
    );
    expect(new Set(docs.map((doc) => doc.requestedBy.toString()))).toEqual(
      new Set([request.requestedBy.toString()]),
    );
  });

  it('leaves out the part without a revision', () => {
    expect(requestSearchTermDocs(request, { stage: 1 }).map((doc) => doc.term)).toEqual(['~in_progress']);
    expect(requestSearchTermDocs(request, { words: 1 }).map((doc) => doc.term)).not.toContain('~in_progress');
  });

  it('never gives a stage term the spelling of a word term', () => {
    expect(subjectTerms('~in_progress in progress')).not.toContain(stageTermOf('in_progress'));
  });
});

describe('subjectTerms and searchTermOf', () => {
  it('takes the beginnings of 2, 4 and 6 characters of each word, none of a one-letter word', () => {
    expect(subjectTerms('Leaking seal on Pump 3')).toEqual([
      'le',
      'leak',
      'leakin',
      'se',
      'seal',
      'on',
      'pu',
      'pump',
    ]);
  });

  it('looks a typed word up by its longest beginning that is a term, which every word it begins has', () => {
    expect(['p', 'pu', 'pum', 'pump', 'pumpi', 'pumpin', 'pumping'].map(searchTermOf)).toEqual([
      null,
      'pu',
      'pu',
      'pump',
      'pump',
      'pumpin',
      'pumpin',
    ]);
    const words = ['pu', 'pum', 'pump', 'pumps', 'pumpin', 'pumping', 'generator', '17', '170'];
    for (const typed of words)
      for (const word of words.filter((w) => w.startsWith(typed)))
        expect(subjectTerms(word)).toContain(searchTermOf(typed));
  });
});
