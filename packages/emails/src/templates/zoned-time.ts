const formatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
} as const satisfies Intl.DateTimeFormatOptions;

type ZoneFormats = { date: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat; clock: Intl.DateTimeFormat };

/** Built once per zone: constructing a formatter costs far more than formatting with it. */
const formatsByZone = new Map<string, ZoneFormats>();
const MAX_CACHED_ZONES = 200;

function formatsFor(timeZone: string): ZoneFormats {
  let formats = formatsByZone.get(timeZone);
  if (!formats) {
    formats = {
      date: new Intl.DateTimeFormat('en-GB', { ...formatOptions, timeZone }),
      dateTime: new Intl.DateTimeFormat('en-GB', {
        ...formatOptions,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone,
      }),
      clock: new Intl.DateTimeFormat('en-GB', {
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
        timeZone,
      }),
    };
    if (formatsByZone.size >= MAX_CACHED_ZONES) formatsByZone.clear();
    formatsByZone.set(timeZone, formats);
  }
  return formats;
}

/**
 * The zone dates are shown in: the company's IANA zone, or UTC when the runtime does not know it (a typo in a
 * company's settings, or a zone newer than the runtime's tz data). Falling back beats failing a mail, and the
 * label then says UTC, so no date is shown in a zone it is not in.
 */
export function knownTimeZone(timeZone: string): string {
  try {
    formatsFor(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * "Tue, 3 Mar 2026, 15:05 (Europe/Berlin)": the zone's own name rather than an abbreviation, which is ambiguous
 * (CST) or missing (most zones read "GMT+5:30"). An unparsable value is shown as given rather than failing the mail.
 */
export function formatDateTimeInZone(iso: string, timeZone: string): string {
  const zone = knownTimeZone(timeZone);
  const date = parse(iso);
  return date ? `${formatsFor(zone).dateTime.format(date)} (${zone})` : iso;
}

function isMidnight(date: Date, zone: string): boolean {
  return formatsFor(zone).clock.format(date) === '00:00:00';
}

/**
 * A report period `[from, to)` as people say it. Periods that start and end at midnight in the zone (the daily and
 * weekly reports) are shown as days with the last day included: "Mon, 2 Mar 2026 – Sun, 8 Mar 2026", or one day
 * alone; a week ending "Mon, 9 Mar, 00:00" reads as if Monday were in it. Other periods keep their times.
 */
export function formatPeriodInZone(fromIso: string, toIso: string, timeZone: string): string {
  const zone = knownTimeZone(timeZone);
  const from = parse(fromIso);
  const to = parse(toIso);
  if (!from || !to) return `${fromIso} – ${toIso}`;
  const formats = formatsFor(zone);
  if (to > from && isMidnight(from, zone) && isMidnight(to, zone)) {
    const first = formats.date.format(from);
    const last = formats.date.format(new Date(to.getTime() - 1));
    return first === last ? `${first} (${zone})` : `${first} – ${last} (${zone})`;
  }
  return `${formats.dateTime.format(from)} – ${formats.dateTime.format(to)} (${zone})`;
}
