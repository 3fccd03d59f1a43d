import { randomUUID } from 'node:crypto';
import { captureQueries, mongoUriFor, planOf } from '@fixstream/dev-services';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from '../database.ts';
import type { RequestStatus } from '../models/request.model.ts';
import { companyOverdue } from './company-overdue.ts';
import { findOverdueRequests, type OverduePage } from './overdue-requests.ts';
import { periodFigures } from './period-figures.ts';
import { findEquipmentDueForPreventive } from './preventive-due.ts';

const hour = 3_600_000;
const day = 24 * hour;
const now = new Date();
const defaultHours = [96, 48, 24, 8] as const;
const companies = [new Types.ObjectId(), new Types.ObjectId()];
const teams = companies.map(() => new Types.ObjectId());
let db: Database;

interface Seeded {
  _id: Types.ObjectId;
  company: Types.ObjectId;
  status: RequestStatus;
  priority: number;
  scheduledDate: Date | null;
  duration: number | null;
  closedAt: Date | null;
}
const seeded: Seeded[] = [];

function pick<T>(items: readonly T[], i: number): T {
  return items[i % items.length] as T;
}

beforeAll(async () => {
  db = await connectDatabase(mongoUriFor(inject('services').mongoUri, `job-queries-${randomUUID()}`), {
    monitorCommands: true,
  });
  for (let i = 0; i < 400; i++) {
    const createdAt = new Date(now.getTime() - ((i * 7) % 30) * day - (i % 24) * hour);
    const status = pick(['new', 'in_progress', 'repaired', 'scrap'] as const, i * 3);
    const scheduledDate = pick([null, null, new Date(now.getTime() + pick([-5, -1, 1, 5], i) * day)], i);
    seeded.push({
      _id: new Types.ObjectId(
        Math.floor(createdAt.getTime() / 1000)
          .toString(16)
          .padStart(8, '0') + i.toString(16).padStart(16, '0'),
      ),
      company: pick(companies, i),
      status,
      priority: pick([0, 1, 2, 3], i * 5),
      scheduledDate,
      duration: scheduledDate ? pick([null, 2, 30], i) : null,
      closedAt:
        status === 'repaired' || status === 'scrap'
          ? new Date(createdAt.getTime() + ((i % 5) + 1) * hour)
          : null,
    });
  }
  await db.models.Request.insertMany(
    seeded.map((row) => ({
      ...row,
      subject: `Request ${row._id}`,
      type: 'corrective',
      equipment: new Types.ObjectId(),
      maintenanceTeam: teams[companies.indexOf(row.company)],
      requestedBy: new Types.ObjectId(),
      outbox: [],
    })),
  );
  await db.models.Team.insertMany(
    companies.map((company, i) => ({ _id: teams[i], name: 'Electrical', company })),
  );
  await db.models.Equipment.insertMany(
    Array.from({ length: 30 }, (_, i) => ({
      name: `Pump ${i}`,
      serialNumber: `P-${i}`,
      company: pick(companies, i),
      preventiveIntervalDays: i % 3 ? 30 : null,
      nextPreventiveAt: i % 3 ? new Date(now.getTime() + (i - 15) * day) : null,
    })),
  );
});
afterAll(async () => {
  await db.connection.dropDatabase();
  await db.close();
});

function expectedOverdue(companyId?: Types.ObjectId) {
  return seeded
    .filter(
      (row) =>
        (row.status === 'new' || row.status === 'in_progress') &&
        (!companyId || row.company.equals(companyId)),
    )
    .flatMap((row) => {
      const deadline = row.scheduledDate
        ? row.scheduledDate.getTime() + (row.duration ?? 0) * hour
        : row._id.getTimestamp().getTime() + (defaultHours[row.priority] ?? 0) * hour;
      return deadline < now.getTime() ? [row._id.toString()] : [];
    })
    .sort();
}

/** Every page of a company's overdue requests, read the way the escalation job reads them. */
async function everyOverduePage(companyId: string, limit: number) {
  const pages: OverduePage[] = [];
  let after: string | null = null;
  do {
    const page = await findOverdueRequests(db, { now, defaultHours, companyId, after, limit });
    pages.push(page);
    after = page.next;
  } while (after);
  return pages;
}

describe('the queries of the background jobs', () => {
  it("find a company's overdue requests page by page, each once, none of another company", async () => {
    for (const limit of [3, 7, 1000])
      for (const company of companies) {
        const pages = await everyOverduePage(company.toString(), limit);
        const all = pages.flatMap((page) => page.items);
        expect(all.map((r) => r.id)).toEqual(expectedOverdue(company));
        expect(pages.every((page) => page.items.length <= limit)).toBe(true);
        expect(
          all.every(
            (r) =>
              r.companyId === company.toString() &&
              r.lateByMs > 0 &&
              r.deadline.getTime() + r.lateByMs === now.getTime(),
          ),
        ).toBe(true);
      }
    expect(companies.every((company) => expectedOverdue(company).length > 3)).toBe(true);
  });

  it("count a company's overdue requests as its board does, and list the most late first", async () => {
    const company = companies[0] as Types.ObjectId;
    const overdue = seeded
      .filter(
        (row) =>
          row.company.equals(company) &&
          row.closedAt === null &&
          row.scheduledDate !== null &&
          row.scheduledDate < now,
      )
      .sort((a, b) => (a.scheduledDate?.getTime() ?? 0) - (b.scheduledDate?.getTime() ?? 0));
    expect(overdue.length).toBeGreaterThan(5);
    const found = await companyOverdue(db, { companyId: company.toString(), now, limit: 4 });
    expect(found.count).toBe(overdue.length);
    expect(found.mostLate.map((r) => r.lateByMs)).toEqual(
      overdue.slice(0, 4).map((row) => now.getTime() - (row.scheduledDate?.getTime() ?? 0)),
    );
    const everyOne = await companyOverdue(db, { companyId: company.toString(), now, limit: 1000 });
    expect(everyOne.mostLate.map((r) => r.id).sort()).toEqual(
      overdue.map((row) => row._id.toString()).sort(),
    );
    expect(everyOne.mostLate[0]).toMatchObject({ teamId: teams[0]?.toString(), subject: expect.any(String) });
  });

  it('find equipment due for preventive maintenance', async () => {
    const until = new Date(now.getTime() + 3 * day);
    const due = await findEquipmentDueForPreventive(db, { until });
    const expected = await db.models.Equipment.find({}).lean();
    expect(due.map((d) => d.equipmentId).sort()).toEqual(
      expected
        .filter((e) => e.nextPreventiveAt && e.nextPreventiveAt < until)
        .map((e) => e._id.toString())
        .sort(),
    );
    expect(due.length).toBeGreaterThan(3);
  });

  it('count a period of one company', async () => {
    const company = companies[1] as Types.ObjectId;
    const from = new Date(now.getTime() - 10 * day);
    const figures = await periodFigures(db, { companyId: company.toString(), from, to: now });
    const mine = seeded.filter((row) => row.company.equals(company));
    const inPeriod = (date: Date | null) => date !== null && date >= from && date < now;
    expect(figures.opened).toBe(mine.filter((row) => inPeriod(row._id.getTimestamp())).length);
    const closed = mine.filter((row) => inPeriod(row.closedAt));
    expect(figures.closed).toBe(closed.length);
    const repair = closed.map((row) => (row.closedAt?.getTime() ?? 0) - row._id.getTimestamp().getTime());
    expect(figures.meanTimeToRepairMs).toBeCloseTo(repair.reduce((a, b) => a + b, 0) / repair.length, 3);
    const team = teams[1]?.toString() ?? '';
    expect(figures.perTeamAndStage[team]?.repaired).toBe(
      mine.filter((row) => row.status === 'repaired').length,
    );
  });

  it('are each served by an index', async () => {
    const capture = captureQueries(db.connection.getClient());
    const companyId = companies[0]?.toString() ?? '';
    const first = await findOverdueRequests(db, { now, defaultHours, companyId, limit: 5 });
    await findOverdueRequests(db, { now, defaultHours, companyId, after: first.next, limit: 5 });
    await findEquipmentDueForPreventive(db, { until: now });
    await companyOverdue(db, { companyId: companies[0]?.toString() ?? '', now, limit: 20 });
    await periodFigures(db, {
      companyId: companies[0]?.toString() ?? '',
      from: new Date(now.getTime() - day),
      to: now,
    });
    capture.stop();
    const native = db.connection.db;
    if (!native) throw new Error('not connected');
    const plans = await Promise.all(capture.queries().map((query) => planOf(native, query)));
    expect(plans.length).toBeGreaterThan(5);
    expect(plans.filter((p) => !p.served).map((p) => ({ shape: p.query.shape, plan: p.plan }))).toEqual([]);
  });
});
