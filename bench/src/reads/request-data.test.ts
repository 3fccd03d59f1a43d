import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { requestSchema } from '../../../packages/db/src/models/request.model.ts';
import { companyData } from './company-data.ts';
import { requestDocs } from './request-data.ts';
import { seededRandom } from './seeded-random.ts';

const day = 86_400_000;
const now = new Date('2026-03-01T12:00:00Z');
const historyStart = new Date(now.getTime() - 730 * day);

function history(seed: number, count: number) {
  const random = seededRandom(seed);
  const company = companyData({ index: 0, random, passwordHash: 'hash', historyStart });
  return { company, docs: requestDocs(company, random, count, now) };
}

const { company, docs } = history(1, 20_000);
const share = (test: (doc: (typeof docs)[number]) => boolean) => docs.filter(test).length / docs.length;

describe('requestDocs', () => {
  it('closes nearly every request and leaves about 2 % new and 2 % in progress', () => {
    expect(share((d) => d.status === 'new')).toBeCloseTo(0.02, 2);
    expect(share((d) => d.status === 'in_progress')).toBeCloseTo(0.02, 2);
    expect(share((d) => d.status === 'repaired' || d.status === 'scrap')).toBeGreaterThan(0.94);
    for (const doc of docs)
      expect(doc.closedAt !== null).toBe(doc.status === 'repaired' || doc.status === 'scrap');
  });

  it('uses every priority 0–3 and both types, corrective more often', () => {
    expect(new Set(docs.map((d) => d.priority))).toEqual(new Set([0, 1, 2, 3]));
    expect(share((d) => d.priority === 3)).toBeCloseTo(0.1, 1);
    expect(share((d) => d.type === 'corrective')).toBeCloseTo(0.7, 1);
    expect(share((d) => d.type === 'preventive')).toBeCloseTo(0.3, 1);
  });

  it('schedules about half, and some open ones are overdue', () => {
    expect(share((d) => d.scheduledDate !== null)).toBeGreaterThan(0.45);
    expect(share((d) => d.scheduledDate !== null)).toBeLessThan(0.57);
    const overdue = docs.filter(
      (d) =>
        (d.status === 'new' || d.status === 'in_progress') &&
        d.scheduledDate instanceof Date &&
        d.scheduledDate < now,
    );
    expect(overdue.length / docs.length).toBeGreaterThan(0.01);
  });

  it('spreads creation over two years and gives each request the _id of its creation second', () => {
    const times = docs.map((d) => d.createdAt.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(historyStart.getTime());
    expect(Math.min(...times)).toBeLessThan(historyStart.getTime() + 10 * day);
    expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());
    expect(Math.max(...times)).toBeGreaterThan(now.getTime() - day);
    for (const doc of docs) {
      expect(doc._id.getTimestamp().getTime()).toBe(Math.floor(doc.createdAt.getTime() / 1000) * 1000);
      expect((doc.closedAt as Date | null)?.getTime() ?? 0).toBeLessThanOrEqual(now.getTime());
    }
    expect(new Set(docs.map((d) => d._id.toString())).size).toBe(docs.length);
  });

  it("assigns a member of the team that maintains the equipment, and spreads requesters over the company's people", () => {
    for (const doc of docs.slice(0, 2_000)) {
      const equipment = company.equipment.find((e) => e.id.equals(doc.equipment as never));
      const team = company.teams.find((t) => t.id.equals(doc.maintenanceTeam as never));
      expect(team?.id.equals(equipment?.team ?? '')).toBe(true);
      expect(team?.members.some((m) => m.equals(doc.assignedTechnician as never))).toBe(true);
    }
    const employees = new Set(company.people.employee.map((p) => p.id.toString()));
    expect(share((d) => employees.has(String(d.requestedBy)))).toBeCloseTo(0.8, 1);
  });

  it('writes documents the request model would store unchanged, with the event of their last write', async () => {
    const Request = new mongoose.Mongoose().model('MaintenanceRequest', requestSchema);
    for (const doc of docs.slice(0, 50)) {
      const hydrated = new Request(doc);
      await expect(hydrated.validate()).resolves.toBeUndefined();
      expect(JSON.parse(JSON.stringify(hydrated.toObject()))).toEqual(JSON.parse(JSON.stringify(doc)));
      expect(doc.outbox).toEqual([
        expect.objectContaining({
          name: doc.status === 'new' ? 'maintenance/request.created' : 'maintenance/request.status-changed',
          occurredAt: (doc.status === 'new' ? doc.createdAt : (doc.updatedAt as Date)).toISOString(),
        }),
      ]);
    }
  });

  it('gives the same history for the same seed', () => {
    expect(JSON.stringify(history(1, 100).docs)).toBe(JSON.stringify(docs.slice(0, 100)));
  });
});
