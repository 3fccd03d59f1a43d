/** Request types as the API stores them; the badge text is part of the mail contract. */
export const REQUEST_TYPES = {
  corrective: { label: 'Corrective', color: '#ffffff', background: '#c2410c' },
  preventive: { label: 'Preventive', color: '#ffffff', background: '#1d4ed8' },
} as const;

export type RequestType = keyof typeof REQUEST_TYPES;

/** Priorities travel as numbers (0–3) so they sort; people read words. */
export const PRIORITIES = {
  0: { label: 'Low', color: '#4b5563' },
  1: { label: 'Normal', color: '#1f2937' },
  2: { label: 'High', color: '#b45309' },
  3: { label: 'Urgent', color: '#b91c1c' },
} as const;

export type RequestPriority = keyof typeof PRIORITIES;

const scheduledFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/**
 * Formats in UTC because the worker does not know the technician's time zone; saying "UTC" beats
 * silently showing the server's zone. An unparsable value is shown as given rather than failing the mail.
 */
export function formatScheduledDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${scheduledFormat.format(date)} UTC`;
}

/**
 * Only http(s) links become a button: an href is the one place where escaping alone does not make
 * user-influenced text safe (`javascript:`, `data:`).
 */
export function safeHttpUrl(value: string | null): string | null {
  if (value === null) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
