/** A calendar month: `month` is 0-based, as in `Date`. */
export interface Month {
  year: number;
  month: number;
}

/** `YYYY-MM-DD` of a date in the browser's zone: the key under which a day's entries are grouped. */
export function dayKey(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The month a date falls in, in the browser's zone (the calendar opens on today's). */
export function monthOf(date: Date): Month {
  return { year: date.getFullYear(), month: date.getMonth() };
}

/** `YYYY-MM`, as the page's `?month=` carries it. */
export function monthParam({ year, month }: Month): string {
  return `${year}-${String(month + 1).padStart(2, '0')}`;
}

/** The month a `?month=YYYY-MM` names, or null for anything else. */
export function parseMonth(param: string | null): Month | null {
  const match = /^(\d{4})-(\d{2})$/.exec(param ?? '');
  if (!match) return null;
  const month = Number(match[2]) - 1;
  return month >= 0 && month < 12 ? { year: Number(match[1]), month } : null;
}

/** Steps whole months, across years; `Date` normalises month overflow. */
export function addMonths({ year, month }: Month, count: number): Month {
  return monthOf(new Date(year, month + count, 1));
}

/** Whether a date (in the browser's zone) falls in the month: the grid's neighbouring days show nothing. */
export function containsDay({ year, month }: Month, date: Date): boolean {
  return date.getFullYear() === year && date.getMonth() === month;
}

/**
 * The weeks a month view shows, Monday first: whole weeks from the one holding the 1st to the one holding the
 * last day, so leading and trailing days of the neighbouring months fill the grid.
 */
export function monthWeeks({ year, month }: Month): Date[][] {
  const first = new Date(year, month, 1);
  const start = new Date(year, month, 1 - ((first.getDay() + 6) % 7));
  const last = new Date(year, month + 1, 0);
  const weeks: Date[][] = [];
  for (let day = start; day <= last || weeks.at(-1)?.length !== 7; ) {
    if (weeks.length === 0 || weeks.at(-1)?.length === 7) weeks.push([]);
    weeks.at(-1)?.push(day);
    day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
  }
  return weeks;
}
