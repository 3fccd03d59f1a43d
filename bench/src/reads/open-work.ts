import type { RequestDoc } from './request-data.ts';
import type { SeededRandom } from './seeded-random.ts';

const day = 86_400_000;

/**
 * How a company's open requests stand against their deadlines. `requestDocs` leaves its 4 % open requests
 * (about 4,000 per 100,000) spread over the two years with their deadlines past, so nearly all of them would be
 * overdue: ten times the backlog a working department lets slip, and a job query that returns 40,000 late
 * requests at the last step measures decoding them, not finding them. Here most open work waits for a date
 * ahead (planned, or put off to one), and only `overdueShare` keeps its date or default deadline behind it:
 * about 300 overdue requests per 100,000.
 */
export const openWorkMix = {
  overdueShare: 0.075,
  /** Days ahead of now that the rest of the open work is scheduled: a month's plan. */
  aheadDays: [1, 30] as const,
} as const;

/**
 * The requests with each open one, but for `overdueShare` of them, scheduled `aheadDays` after `now` (with a
 * duration when it had none). Closed requests are returned untouched. Draws from `random` only for open
 * requests, so a stream of its own keeps every other field of the fill as `requestDocs` made it.
 */
export function planOpenWork(docs: readonly RequestDoc[], random: SeededRandom, now: Date): RequestDoc[] {
  const [fromDays, toDays] = openWorkMix.aheadDays;
  return docs.map((doc) => {
    if (doc.status !== 'new' && doc.status !== 'in_progress') return doc;
    if (random.next() < openWorkMix.overdueShare) return doc;
    const scheduledDate = new Date(now.getTime() + random.between(fromDays, toDays) * day);
    const duration = doc.duration ?? Math.round(random.between(0.5, 8) * 2) / 2;
    return { ...doc, scheduledDate, duration };
  });
}
