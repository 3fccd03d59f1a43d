import { describe, expect, it } from 'vitest';
import { formatDateTimeInZone, formatPeriodInZone, knownTimeZone } from './zoned-time.ts';

describe('knownTimeZone', () => {
  it('keeps a zone the runtime knows and falls back to UTC for any other', () => {
    expect(knownTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(knownTimeZone('America/Sao_Paulo')).toBe('America/Sao_Paulo');
    expect(knownTimeZone('Mars/Olympus_Mons')).toBe('UTC');
    expect(knownTimeZone('')).toBe('UTC');
  });
});

describe('formatDateTimeInZone', () => {
  it('writes the local time and names the zone, in winter and in summer time', () => {
    expect(formatDateTimeInZone('2026-03-03T14:05:00Z', 'Europe/Berlin')).toBe(
      'Tue, 3 Mar 2026, 15:05 (Europe/Berlin)',
    );
    expect(formatDateTimeInZone('2026-07-03T14:05:00Z', 'Europe/Berlin')).toBe(
      'Fri, 3 Jul 2026, 16:05 (Europe/Berlin)',
    );
    expect(formatDateTimeInZone('2026-03-03T14:05:00Z', 'Asia/Kolkata')).toBe(
      'Tue, 3 Mar 2026, 19:35 (Asia/Kolkata)',
    );
  });

  it('says UTC when it had to fall back to it', () => {
    expect(formatDateTimeInZone('2026-03-03T14:05:00Z', 'Nowhere/Special')).toBe(
      'Tue, 3 Mar 2026, 14:05 (UTC)',
    );
  });

  it('shows an unparsable date as given instead of failing', () => {
    expect(formatDateTimeInZone('next Tuesday', 'Europe/Berlin')).toBe('next Tuesday');
  });
});

describe('formatPeriodInZone', () => {
  it('shows a week from midnight to midnight as its days, the last one included', () => {
    expect(formatPeriodInZone('2026-03-01T23:00:00Z', '2026-03-08T23:00:00Z', 'Europe/Berlin')).toBe(
      'Mon, 2 Mar 2026 – Sun, 8 Mar 2026 (Europe/Berlin)',
    );
  });

  it('counts midnight in the zone across a change to summer time (a week of 167 hours)', () => {
    expect(formatPeriodInZone('2026-03-22T23:00:00Z', '2026-03-29T22:00:00Z', 'Europe/Berlin')).toBe(
      'Mon, 23 Mar 2026 – Sun, 29 Mar 2026 (Europe/Berlin)',
    );
  });

  it('shows a day from midnight to midnight as that day alone', () => {
    expect(formatPeriodInZone('2026-03-02T05:00:00Z', '2026-03-03T05:00:00Z', 'America/New_York')).toBe(
      'Mon, 2 Mar 2026 (America/New_York)',
    );
  });

  it('keeps the times of a period that does not start and end at midnight in the zone', () => {
    expect(formatPeriodInZone('2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z', 'Europe/Berlin')).toBe(
      'Mon, 2 Mar 2026, 01:00 – Mon, 9 Mar 2026, 01:00 (Europe/Berlin)',
    );
  });

  it('falls back to UTC for an unknown zone and shows unparsable bounds as given', () => {
    expect(formatPeriodInZone('2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z', 'Bad/Zone')).toBe(
      'Mon, 2 Mar 2026 – Sun, 8 Mar 2026 (UTC)',
    );
    expect(formatPeriodInZone('last week', '2026-03-09T00:00:00Z', 'UTC')).toBe(
      'last week – 2026-03-09T00:00:00Z',
    );
  });
});
