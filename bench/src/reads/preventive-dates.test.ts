import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { equipmentSchema } from '../../../packages/db/src/models/equipment.model.ts';
import { companyData } from './company-data.ts';
import { preventiveDueShare, withNextPreventive } from './preventive-dates.ts';
import { seededRandom } from './seeded-random.ts';

const day = 86_400_000;
const now = new Date('2026-03-01T12:00:00Z');
const historyStart = new Date(now.getTime() - 730 * day);
const equipment = Array.from({ length: 20 }, (_, index) =>
  companyData({ index, random: seededRandom(index), passwordHash: 'hash', historyStart }),
).flatMap((company) => company.docs.equipment);
const dated = withNextPreventive(equipment, seededRandom(3), now);
const dueOf = (item: Record<string, unknown>) => item.nextPreventiveAt as Date | null;

describe('withNextPreventive', () => {
  it('gives no date to equipment without an interval, and one within the interval to the rest', () => {
    dated.forEach((item, i) => {
      expect({ ...item, nextPreventiveAt: undefined }).toEqual({
        ...equipment[i],
        nextPreventiveAt: undefined,
      });
      const interval = item.preventiveIntervalDays as number | null;
      if (interval === null) expect(dueOf(item)).toBeNull();
      else expect(dueOf(item)?.getTime()).toBeLessThan(now.getTime() + interval * day);
    });
  });

  it('makes a few of those with an interval due, none more than three days late', () => {
    const withInterval = dated.filter((item) => item.preventiveIntervalDays !== null);
    const due = withInterval.filter((item) => (dueOf(item)?.getTime() ?? Infinity) < now.getTime());
    expect(due.length / withInterval.length).toBeCloseTo(preventiveDueShare, 1);
    // 200 equipment per company, three in four with an interval: a few dozen due across 20 companies.
    expect(due.length).toBeGreaterThan(40);
    expect(due.length).toBeLessThan(150);
    for (const item of due) expect(dueOf(item)?.getTime()).toBeGreaterThan(now.getTime() - 3 * day);
  });

  it('makes documents the equipment model accepts as they are', async () => {
    const Equipment = new mongoose.Mongoose().model('Equipment', equipmentSchema);
    for (const item of dated.slice(0, 20))
      await expect(new Equipment(item).validate()).resolves.toBeUndefined();
  });
});
