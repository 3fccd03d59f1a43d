import { describe, expect, it } from 'vitest';
import { seededRandom } from '../reads/seeded-random.ts';
import { boardRequestDocs } from './board-requests.ts';

const id = (n: number) => n.toString(16).padStart(24, '0');
const parties = {
  companyId: id(1),
  requesterIds: [id(2), id(3)],
  teams: [
    { id: id(10), members: [id(20), id(21)] },
    { id: id(11), members: [id(22)] },
  ],
  equipment: [
    { id: id(30), name: 'CNC Mill 3000', team: id(10) },
    { id: id(31), name: 'Main Switchboard', team: id(11) },
  ],
};

describe('boardRequestDocs', () => {
  const docs = boardRequestDocs(parties, seededRandom(1), 1_000, new Date('2026-01-01T00:00:00Z'));

  it('puts an even share in each stage, with unique ids', () => {
    const byStatus: Record<string, number> = {};
    for (const doc of docs) byStatus[String(doc.status)] = (byStatus[String(doc.status)] ?? 0) + 1;
    expect(byStatus).toEqual({
      new: 250,
      in_progress: 250,
      repaired: 250,
      scrap: 250,
    });
    expect(new Set(docs.map((doc) => String(doc._id))).size).toBe(1_000);
  });

  it("assigns each to the equipment's team and one of its members, closed ones with a close date", () => {
    for (const doc of docs) {
      const equipment = parties.equipment.find((item) => item.id === String(doc.equipment));
      const team = parties.teams.find((item) => item.id === String(doc.maintenanceTeam));
      expect(team?.id).toBe(equipment?.team);
      expect(team?.members).toContain(String(doc.assignedTechnician));
      expect(String(doc.subject)).toContain(equipment?.name);
      expect(doc.closedAt !== null).toBe(doc.status === 'repaired' || doc.status === 'scrap');
    }
  });
});
