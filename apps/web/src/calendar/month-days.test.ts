import { describe, expect, it } from 'vitest';
import { addMonths, dayKey, monthParam, monthWeeks, parseMonth } from './month-days.ts';

describe('monthWeeks', () => {
  it('covers the month in whole weeks, Monday first', () => {
    // November 2026 starts on a Sunday and ends on a Monday
    const weeks = monthWeeks({ year: 2026, month: 10 });
    expect(weeks.every((week) => week.length === 7)).toBe(true);
    expect(dayKey(weeks[0]?.[0] as Date)).toBe('2026-10-26');
    expect(dayKey(weeks[0]?.[6] as Date)).toBe('2026-11-01');
    expect(dayKey(weeks.at(-1)?.[0] as Date)).toBe('2026-11-30');
    expect(dayKey(weeks.at(-1)?.[6] as Date)).toBe('2026-12-06');
    expect(weeks).toHaveLength(6);
  });

  it('needs no extra days when the month starts on a Monday and ends on a Sunday', () => {
    const weeks = monthWeeks({ year: 2021, month: 1 });
    expect(weeks).toHaveLength(4);
    expect(dayKey(weeks[0]?.[0] as Date)).toBe('2021-02-01');
    expect(dayKey(weeks[3]?.[6] as Date)).toBe('2021-02-28');
  });
});

describe('month parameters', () => {
  it('round-trip and step across years', () => {
    expect(parseMonth('2026-01')).toEqual({ year: 2026, month: 0 });
    expect(parseMonth('2026-13')).toBeNull();
    expect(parseMonth('soon')).toBeNull();
    expect(monthParam(addMonths({ year: 2026, month: 0 }, -1))).toBe('2025-12');
    expect(monthParam(addMonths({ year: 2026, month: 11 }, 1))).toBe('2027-01');
  });
});
