import { describe, expect, it } from 'vitest';
import { describeRedrive, describeReplay } from './replay-result.ts';

const published = { published: true, publishError: null };

describe('describeReplay', () => {
  it('says a replay happened, and when its event waits for the relay', () => {
    expect(describeReplay({ id: 'e1.fn', replayed: true, reason: null, ...published })).toBe(
      'Replayed: the run starts over at attempt 1.',
    );
    expect(
      describeReplay({
        id: 'e1.fn',
        replayed: true,
        reason: null,
        published: false,
        publishError: 'Redis down',
      }),
    ).toContain("not yet published (Redis down); the worker's relay will publish it");
  });

  it('gives the reason a run was left alone', () => {
    expect(
      describeReplay({ id: 'e1.fn', replayed: false, reason: 'succeeded: nothing to replay', ...published }),
    ).toBe('Left alone: succeeded: nothing to replay.');
  });
});

describe('describeRedrive', () => {
  it('counts the replayed runs and names those left alone', () => {
    expect(
      describeRedrive({
        functionId: 'fn',
        replayed: ['a.fn', 'b.fn'],
        skipped: [{ id: 'c.fn', reason: 'in progress' }],
        more: true,
        ...published,
      }),
    ).toBe('Replayed 2 dead runs of fn. Left alone c.fn: in progress. More dead runs remain: redrive again.');
    expect(describeRedrive({ functionId: 'fn', replayed: [], skipped: [], more: false, ...published })).toBe(
      'No dead run of fn was replayed.',
    );
  });
});
