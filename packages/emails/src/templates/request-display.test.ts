import { describe, expect, it } from 'vitest';
import { formatDateTimeUtc, presentText, REQUEST_STATUSES, statusChangeHeadline } from './request-display.ts';

describe('statusChangeHeadline', () => {
  it('calls every move from a closed stage to an open one a reopen', () => {
    for (const from of ['repaired', 'scrap'] as const) {
      for (const to of ['new', 'in_progress'] as const) {
        expect(statusChangeHeadline(from, to)).toBe('Your request was reopened');
      }
    }
  });

  it('has a sentence for every transition, naming the stage', () => {
    const stages = Object.keys(REQUEST_STATUSES) as (keyof typeof REQUEST_STATUSES)[];
    for (const from of stages) {
      for (const to of stages) expect(statusChangeHeadline(from, to)).toMatch(/^Your request \w/);
    }
    expect(statusChangeHeadline('new', 'in_progress')).toBe('Your request is now In progress');
    expect(statusChangeHeadline('in_progress', 'new')).toBe('Your request was moved back to New');
  });
});

describe('formatDateTimeUtc', () => {
  it('writes the date in UTC, whatever the offset it was given in', () => {
    expect(formatDateTimeUtc('2026-03-03T15:05:00+01:00')).toBe('Tue, 3 Mar 2026, 14:05 UTC');
  });
});

describe('presentText', () => {
  it('treats null and blank text as absent and trims the rest', () => {
    expect(presentText(null)).toBeNull();
    expect(presentText(' \n\t ')).toBeNull();
    expect(presentText('  Tomas ')).toBe('Tomas');
  });
});
