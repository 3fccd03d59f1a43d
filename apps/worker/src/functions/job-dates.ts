const day = 86_400_000;
const hour = 3_600_000;

/** The preventive job's horizon: equipment due before this gets its request now, `leadDays` ahead of time. */
export function preventiveHorizon(now: Date, leadDays: number): Date {
  return new Date(now.getTime() + leadDays * day);
}

/** When the technician is reminded of a request scheduled at `scheduledDate`: `daysBefore` days earlier. */
export function reminderAt(scheduledDate: Date, daysBefore: number): Date {
  return new Date(scheduledDate.getTime() - daysBefore * day);
}

/** The calendar date (`YYYY-MM-DD`) of an instant on the clock of `timeZone`. */
function calendarDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * Whole calendar days from `now` to `due` on the clock of `timeZone` (0 the same day, 1 tomorrow, -1 yesterday),
 * which is how a technician reads "due in 2 days": by the dates on the shop floor, not by 48-hour spans.
 */
export function daysUntilDue(now: Date, due: Date, timeZone: string): number {
  const [from, to] = [calendarDate(now, timeZone), calendarDate(due, timeZone)];
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / day);
}

/** One escalation level: its number (1 for the first) and how long after the deadline it fires. */
export interface EscalationLevel {
  level: number;
  afterMs: number;
}

/** The levels of `ESCALATION_LEVELS_HOURS` (hours after the deadline, ascending) numbered from 1. */
export function escalationLevels(hoursAfterDeadline: readonly number[]): EscalationLevel[] {
  return [...hoursAfterDeadline]
    .sort((a, b) => a - b)
    .map((hours, i) => ({ level: i + 1, afterMs: hours * hour }));
}

/**
 * The highest level a request `lateByMs` past its deadline has reached, or null before the first. Levels a
 * request went past while no escalation ran (an outage, a request found late) are not mailed one by one: the
 * managers get one mail for where it stands now.
 */
export function reachedLevel(levels: readonly EscalationLevel[], lateByMs: number): EscalationLevel | null {
  return levels.filter((level) => lateByMs >= level.afterMs).at(-1) ?? null;
}
