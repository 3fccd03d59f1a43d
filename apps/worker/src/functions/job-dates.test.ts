import { describe, expect, it } from 'vitest';
import { daysUntilDue, escalationLevels, preventiveHorizon, reachedLevel, reminderAt } from './job-dates.ts';

const at = (iso: string) => new Date(iso);

describe('job date math', () => {
  it('looks ahead by the lead time and reminds days before the scheduled date, fractions included', () => {
    expect(preventiveHorizon(at('2026-03-01T10:00:00Z'), 7)).toEqual(at('2026-03-08T10:00:00Z'));
    expect(reminderAt(at('2026-03-10T08:00:00Z'), 2)).toEqual(at('2026-03-08T08:00:00Z'));
    expect(reminderAt(at('2026-03-10T08:00:00Z'), 0)).toEqual(at('2026-03-10T08:00:00Z'));
    expect(reminderAt(at('2026-03-10T08:00:00Z'), 0.5)).toEqual(at('2026-03-09T20:00:00Z'));
  });

  it('counts days until due by calendar dates in the time zone', () => {
    expect(daysUntilDue(at('2026-03-08T08:00:00Z'), at('2026-03-10T08:00:00Z'), 'UTC')).toBe(2);
    // 23:30 UTC on the 9th is already the 10th in Paris: due the same day there
    expect(daysUntilDue(at('2026-03-09T23:30:00Z'), at('2026-03-10T08:00:00Z'), 'Europe/Paris')).toBe(0);
    expect(daysUntilDue(at('2026-03-09T23:30:00Z'), at('2026-03-10T08:00:00Z'), 'UTC')).toBe(1);
    expect(daysUntilDue(at('2026-03-11T08:00:00Z'), at('2026-03-10T08:00:00Z'), 'UTC')).toBe(-1);
    // across the change to summer time (Paris, 29 March 2026): still whole days
    expect(daysUntilDue(at('2026-03-28T12:00:00Z'), at('2026-03-30T12:00:00Z'), 'Europe/Paris')).toBe(2);
  });

  it('numbers escalation levels in ascending order and finds the one reached', () => {
    const levels = escalationLevels([72, 24]);
    expect(levels).toEqual([
      { level: 1, afterMs: 24 * 3_600_000 },
      { level: 2, afterMs: 72 * 3_600_000 },
    ]);
    expect(reachedLevel(levels, 23 * 3_600_000)).toBeNull();
    expect(reachedLevel(levels, 24 * 3_600_000)?.level).toBe(1);
    expect(reachedLevel(levels, 100 * 3_600_000)?.level).toBe(2);
  });
});
