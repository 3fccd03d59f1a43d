import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { requestSchema } from '../../../packages/db/src/models/request.model.ts';
import { companyData } from './company-data.ts';
import { jobDefaultHours } from './job-queries.ts';
import { openWorkMix, planOpenWork } from './open-work.ts';
import { type RequestDoc, requestDocs } from './request-data.ts';
import { seededRandom } from './seeded-random.ts';

const hour = 3_600_000;
const day = 24 * hour;
const now = new Date('2026-03-01T12:00:00Z');
const random = seededRandom(1);
const company = companyData({
  index: 0,
  random,
  passwordHash: 'hash',
  historyStart: new Date(now.getTime() - 730 * day),
});
const made = requestDocs(company, random, 100_000, now);
const planned = planOpenWork(made, seededRandom(2), now);
const isOpen = (doc: RequestDoc) => doc.status === 'new' || doc.status === 'in_progress';

/** What `findOverdueRequests` counts as late: past the scheduled date plus its hours, else the default. */
function overdue(doc: RequestDoc): boolean {
  if (!isOpen(doc)) return false;
  const scheduled = doc.scheduledDate as Date | null;
  const deadline = scheduled
    ? scheduled.getTime() + ((doc.duration as number | null) ?? 0) * hour
    : doc.createdAt.getTime() + (jobDefaultHours[doc.priority as number] ?? 0) * hour;
  return deadline < now.getTime();
}

describe('planOpenWork', () => {
  it('leaves closed requests as they were made', () => {
    const changed = planned.filter((doc, i) => !isOpen(doc) && doc !== made[i]);
    expect(changed).toEqual([]);
  });

  it('leaves a few hundred overdue requests per 100,000, where the history alone had thousands', () => {
    expect(made.filter(overdue).length).toBeGreaterThan(3_500);
    const late = planned.filter(overdue).length;
    expect(late).toBeGreaterThan(200);
    expect(late).toBeLessThan(450);
    const open = planned.filter(isOpen).length;
    expect(late / open).toBeCloseTo(openWorkMix.overdueShare, 1);
  });

  it('schedules the rest of the open work within the coming month, each with a duration', () => {
    const ahead = planned.filter((doc) => isOpen(doc) && !overdue(doc));
    expect(ahead.length).toBeGreaterThan(3_000);
    for (const doc of ahead) {
      const scheduled = doc.scheduledDate as Date;
      expect(scheduled.getTime()).toBeGreaterThanOrEqual(now.getTime() + day);
      expect(scheduled.getTime()).toBeLessThan(now.getTime() + 30 * day);
      expect(doc.duration).toEqual(expect.any(Number));
    }
  });

  it('keeps documents the request model would store unchanged', async () => {
    const Request = new mongoose.Mongoose().model('MaintenanceRequest', requestSchema);
    for (const doc of planned.filter(isOpen).slice(0, 30)) {
      const hydrated = new Request(doc);
      await expect(hydrated.validate()).resolves.toBeUndefined();
      expect(JSON.parse(JSON.stringify(hydrated.toObject()))).toEqual(JSON.parse(JSON.stringify(doc)));
    }
  });

  it('plans the same for the same seed', () => {
    expect(JSON.stringify(planOpenWork(made.slice(0, 2_000), seededRandom(2), now))).toBe(
      JSON.stringify(planned.slice(0, 2_000)),
    );
  });
});
