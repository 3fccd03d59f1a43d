import type { SeededRandom } from './seeded-random.ts';

const hour = 3_600_000;
const day = 24 * hour;

/**
 * The share of equipment with a preventive interval whose next preventive maintenance is already due: what
 * came due since the preventive job's last tick (or while it was down), about 4–5 of a company's 150 with an
 * interval, a few dozen across the ten companies of the last step.
 */
export const preventiveDueShare = 0.03;

/**
 * The equipment documents with `nextPreventiveAt` set as equipment writes and the preventive job leave it: null
 * without an interval; for `preventiveDueShare` of the rest a moment up to three days before `now`; otherwise
 * somewhere in the coming interval. `companyData` leaves it unset (the model's default, null), which would give
 * the preventive job's query nothing to find.
 */
export function withNextPreventive(
  equipment: readonly Record<string, unknown>[],
  random: SeededRandom,
  now: Date,
): Record<string, unknown>[] {
  return equipment.map((item) => {
    const interval = item.preventiveIntervalDays;
    if (typeof interval !== 'number') return { ...item, nextPreventiveAt: null };
    const offset =
      random.next() < preventiveDueShare
        ? -random.between(hour, 3 * day)
        : random.between(hour, interval * day);
    return { ...item, nextPreventiveAt: new Date(now.getTime() + offset) };
  });
}
