import { describe, expect, it } from 'vitest';
import { latestReportPeriod } from './report-period.ts';

const at = (iso: string) => new Date(iso);

describe('the latest report period', () => {
  it("is the company's week, ending Monday 08:00 in its zone", () => {
    expect(latestReportPeriod('0 8 * * 1', 'Europe/Berlin', at('2026-11-30T09:00:00Z'))).toEqual({
      from: at('2026-11-23T07:00:00Z'),
      to: at('2026-11-30T07:00:00Z'),
    });
    expect(latestReportPeriod('0 8 * * 1', 'America/New_York', at('2026-11-30T09:00:00Z'))).toEqual({
      from: at('2026-11-16T13:00:00Z'),
      to: at('2026-11-23T13:00:00Z'),
    });
  });

  it('includes a period ending exactly now, and not one ending a millisecond later', () => {
    const end = at('2026-11-30T07:00:00Z');
    expect(latestReportPeriod('0 8 * * 1', 'Europe/Berlin', end)?.to).toEqual(end);
    expect(latestReportPeriod('0 8 * * 1', 'Europe/Berlin', new Date(end.getTime() - 1))?.to).toEqual(
      at('2026-11-23T07:00:00Z'),
    );
  });

  it('follows daylight saving: the day clocks go forward has 23 hours', () => {
    expect(latestReportPeriod('0 8 * * *', 'Europe/Berlin', at('2026-03-29T12:00:00Z'))).toEqual({
      from: at('2026-03-28T07:00:00Z'),
      to: at('2026-03-29T06:00:00Z'),
    });
  });

  it('follows zones half an hour off UTC', () => {
    expect(latestReportPeriod('0 8 * * *', 'Asia/Kolkata', at('2026-11-30T03:00:00Z'))).toEqual({
      from: at('2026-11-29T02:30:00Z'),
      to: at('2026-11-30T02:30:00Z'),
    });
  });
});
