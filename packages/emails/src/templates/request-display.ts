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

/**
 * Stages as the API stores them. Stage badges are pale with dark text so they never look like the solid
 * type badges (preventive is blue, corrective orange) shown in the same mail; `closed` drives the wording
 * of a reopen.
 */
export const REQUEST_STATUSES = {
  new: { label: 'New', color: '#374151', background: '#e5e7eb', closed: false },
  in_progress: { label: 'In progress', color: '#1e40af', background: '#dbeafe', closed: false },
  repaired: { label: 'Repaired', color: '#166534', background: '#dcfce7', closed: true },
  scrap: { label: 'Scrapped', color: '#991b1b', background: '#fee2e2', closed: true },
} as const;

export type RequestStatus = keyof typeof REQUEST_STATUSES;

/**
 * What happened, in the words a requester uses: the stage names alone do not say that a repaired request
 * came back, which is the one change a requester most needs to notice.
 */
export function statusChangeHeadline(from: RequestStatus, to: RequestStatus): string {
  const target = REQUEST_STATUSES[to];
  if (REQUEST_STATUSES[from].closed && !target.closed) return 'Your request was reopened';
  if (to === 'repaired') return 'Your request has been repaired';
  if (to === 'scrap') return 'Your request was scrapped';
  if (to === 'new' && from !== 'new') return 'Your request was moved back to New';
  return `Your request is now ${target.label}`;
}

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
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
 * Formats in UTC because the worker does not know the recipient's time zone; saying "UTC" beats
 * silently showing the server's zone. An unparsable value is shown as given rather than failing the mail.
 */
export function formatDateTimeUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${dateTimeFormat.format(date)} UTC`;
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

/** Optional text that is blank counts as absent, so a mail never shows an empty row or section. */
export function presentText(value: string | null): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
