import { describe, expect, it } from 'vitest';
import { parseSeedOutput } from './dev-seed.ts';

const seed = {
  company: { id: 'c1', name: 'Acme' },
  users: [{ id: 'u1', name: 'Ada', email: 'ada@acme.test', password: 'pw', role: 'admin' }],
  teams: [{ id: 't1', name: 'Ops', members: ['u1'] }],
  equipment: [
    {
      id: 'e1',
      name: 'Mill',
      serialNumber: 'M-1',
      location: 'Hall A',
      team: 't1',
      defaultTechnician: 'u1',
    },
  ],
};

describe('parseSeedOutput', () => {
  it('takes the last non-empty stdout line', () => {
    const lines = ['> @fixstream/api@0.1.0 seed', '{"not":"this"}', JSON.stringify(seed), ''];
    expect(parseSeedOutput(lines)).toEqual(seed);
  });

  it('explains what is wrong with the last line', () => {
    expect(() => parseSeedOutput([])).toThrow(/printed nothing/);
    expect(() => parseSeedOutput([JSON.stringify(seed), 'seeded in 42 ms'])).toThrow(
      /last stdout line of pnpm seed is not JSON: seeded in 42 ms/,
    );
    expect(() => parseSeedOutput(['{"company":{"id":"c1","name":"Acme"},"users":[{"id":"u1"}]}'])).toThrow(
      /lacks company\/users\/teams\/equipment/,
    );
    const withoutTeams = {
      ...seed,
      equipment: [{ id: 'e1', name: 'Mill', serialNumber: 'M-1', location: '' }],
    };
    expect(() => parseSeedOutput([JSON.stringify(withoutTeams)])).toThrow(/lacks/);
  });
});
