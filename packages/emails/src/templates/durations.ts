const MINUTE = 60_000;

function count(value: number, unit: string): string {
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

/**
 * A length of time in the two largest units people use for it: "1 day 4 hours", "3 hours 20 minutes",
 * "45 minutes". Rounded down, so "late by" never overstates; a manager deciding whom to call needs the order of
 * magnitude, not the seconds. A negative length (clocks that disagree) reads as "less than a minute".
 */
export function describeDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`a duration must be a finite number of ms, got ${ms}`);
  const minutes = Math.floor(Math.max(0, ms) / MINUTE);
  if (minutes < 1) return 'less than a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${count(days, 'day')} ${count(hours, 'hour')}` : count(days, 'day');
  if (hours > 0) return rest > 0 ? `${count(hours, 'hour')} ${count(rest, 'minute')}` : count(hours, 'hour');
  return count(rest, 'minute');
}

/** A request's planned duration, stored in hours (possibly fractional): "2 hours", "1 hour 30 minutes". */
export function describeHours(hours: number): string {
  return describeDuration(hours * 60 * MINUTE);
}

/**
 * When something falls, counted in whole days from today: "today", "tomorrow", "in 3 days", "yesterday",
 * "2 days ago" (a reminder sent late, after an outage, says so rather than promising a date in the future).
 */
export function describeDaysFromNow(days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}
