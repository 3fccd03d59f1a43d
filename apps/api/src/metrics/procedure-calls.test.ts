import { describe, expect, it } from 'vitest';
import { procedureCalls } from './procedure-calls.ts';

const known = new Set(['auth.me', 'requests.create', 'requests.list']);
const label = (path: string, batch: boolean, errors: { path: string | undefined; code: string }[] = []) =>
  procedureCalls({ path, batch, errors, known, maxCalls: 3 });

describe('procedureCalls', () => {
  it('labels a single call OK or with its error code', () => {
    expect(label('/requests.create', false)).toEqual([{ procedure: 'requests.create', code: 'OK' }]);
    expect(label('/requests.create', false, [{ path: 'requests.create', code: 'UNAUTHORIZED' }])).toEqual([
      { procedure: 'requests.create', code: 'UNAUTHORIZED' },
    ]);
  });

  it('labels each call of a batch with its own outcome, repeated paths in order', () => {
    expect(
      label('/auth.me,requests.list,requests.list', true, [
        { path: 'requests.list', code: 'TOO_MANY_REQUESTS' },
      ]),
    ).toEqual([
      { procedure: 'auth.me', code: 'OK' },
      { procedure: 'requests.list', code: 'TOO_MANY_REQUESTS' },
      { procedure: 'requests.list', code: 'OK' },
    ]);
  });

  it('gives a request-wide error to every call that has none of its own', () => {
    expect(
      label('/auth.me,requests.list', true, [
        { path: undefined, code: 'BAD_REQUEST' },
        { path: 'auth.me', code: 'UNAUTHORIZED' },
      ]),
    ).toEqual([
      { procedure: 'auth.me', code: 'UNAUTHORIZED' },
      { procedure: 'requests.list', code: 'BAD_REQUEST' },
    ]);
  });

  it('names paths the router lacks unknown and labels at most maxCalls calls', () => {
    expect(
      label('/auth.me,users.secret%2Fx,a,b,c', true, [{ path: 'users.secret/x', code: 'NOT_FOUND' }]),
    ).toEqual([
      { procedure: 'auth.me', code: 'OK' },
      { procedure: 'unknown', code: 'NOT_FOUND' },
      { procedure: 'unknown', code: 'OK' },
    ]);
  });

  it('keeps a comma in an unbatched path as one unknown call', () => {
    expect(
      label('/auth.me,requests.list', false, [{ path: 'auth.me,requests.list', code: 'NOT_FOUND' }]),
    ).toEqual([{ procedure: 'unknown', code: 'NOT_FOUND' }]);
  });
});
