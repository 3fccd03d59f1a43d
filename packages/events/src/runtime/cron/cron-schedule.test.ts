import { describe, expect, it } from 'vitest';
import { compileSchedule, InvalidScheduleError } from './cron-schedule.ts';

const at = (iso: string) => new Date(iso);

describe('compileSchedule', () => {
  it('finds the next tick strictly after a moment, seconds included', () => {
    const everyTwo = compileSchedule({ cron: '*/2 * * * * *' });
    expect(everyTwo.next(at('2026-01-01T00:00:00.000Z'))).toEqual(at('2026-01-01T00:00:02.000Z'));
    expect(everyTwo.next(at('2026-01-01T00:00:01.500Z'))).toEqual(at('2026-01-01T00:00:02.000Z'));
  });

  it('answers the latest tick after a point, or none, not every missed one', () => {
    const hourly = compileSchedule({ cron: '0 * * * *' });
    const after = at('2026-01-01T00:30:00Z');
    expect(hourly.latest(after, at('2026-01-01T00:59:59Z'))).toBeNull();
    expect(hourly.latest(after, at('2026-01-01T01:00:00Z'))).toEqual(at('2026-01-01T01:00:00Z'));
    expect(hourly.latest(after, at('2026-01-03T17:20:00Z'))).toEqual(at('2026-01-03T17:00:00Z'));
    expect(hourly.latest(at('2026-01-01T01:00:00Z'), at('2026-01-01T01:30:00Z'))).toBeNull();
  });

  it('finds the latest tick of a rare schedule far back, and of a seconds one at once', () => {
    const weekly = compileSchedule({ cron: '0 8 * * 1' });
    expect(weekly.latest(at('2025-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toEqual(
      at('2025-12-29T08:00:00Z'),
    );
    const everySecond = compileSchedule({ cron: '* * * * * *' });
    expect(everySecond.latest(at('2020-01-01T00:00:00Z'), at('2026-01-01T00:00:00.400Z'))).toEqual(
      at('2026-01-01T00:00:00Z'),
    );
  });

  it("follows the time zone's clock across daylight saving", () => {
    const paris = compileSchedule({ cron: '0 8 * * *', timezone: 'Europe/Paris' });
    expect(paris.next(at('2026-03-28T12:00:00Z'))).toEqual(at('2026-03-29T06:00:00Z'));
    expect(paris.next(at('2026-03-27T12:00:00Z'))).toEqual(at('2026-03-28T07:00:00Z'));
  });

  it('refuses a bad expression or time zone with a message that says which', () => {
    expect(() => compileSchedule({ cron: 'every monday' })).toThrow(InvalidScheduleError);
    expect(() => compileSchedule({ cron: '61 * * * *' })).toThrow(/invalid cron expression "61 \* \* \* \*"/);
    expect(() => compileSchedule({ cron: '0 8 * * 1', timezone: 'Mars/Olympus' })).toThrow(
      'unknown time zone "Mars/Olympus" (use an IANA name such as Europe/Paris)',
    );
  });
});
