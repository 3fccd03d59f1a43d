import { describe, expect, it } from 'vitest';
import { jobQueries, reportPeriod, reportPeriodDays } from './job-queries.ts';

describe('job queries', () => {
  it('have one name each, for their results keys', () => {
    const names = jobQueries.map((query) => query.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9]+$/);
  });

  it('report the week that ends now', () => {
    const now = new Date('2026-03-08T12:00:00Z');
    expect(reportPeriodDays).toBe(7);
    expect(reportPeriod(now)).toEqual({ from: new Date('2026-03-01T12:00:00Z'), to: now });
  });
});
