import { type RequestStatus, requestStatuses, type SearchableRequest } from '@fixstream/db';
import { Types } from 'mongoose';
import { objectIdAt } from '../reads/ids-at.ts';
import type { SeededRandom } from '../reads/seeded-random.ts';

/** The seeded records the board's requests point at: equipment with its team, teams with their members. */
export interface BoardParties {
  companyId: string;
  requesterIds: readonly string[];
  teams: readonly { id: string; members: readonly string[] }[];
  equipment: readonly { id: string; name: string; team: string | null }[];
}

const problems = [
  'Leaking seal on',
  'Strange noise from',
  'Overheating:',
  'Scheduled service of',
  'Vibration on',
  'Error code on',
  'Belt worn on',
  'Pressure drop at',
  'Guard loose on',
  'Oil change due for',
];

const day = 86_400_000;

/** A request document as the model stores it, with what its search terms are made of. */
export type BoardRequestDoc = Record<string, unknown> &
  SearchableRequest & { _id: Types.ObjectId; company: Types.ObjectId };

/**
 * `count` requests for the board, an even share in each of the four stages, each on a random piece of equipment,
 * maintained by that equipment's team (else any team) and assigned to a member of it, created over the last 30
 * days. Complete documents as the model stores them, with an empty outbox: their events count as delivered, so
 * no worker has anything to send for them.
 */
export function boardRequestDocs(
  parties: BoardParties,
  random: SeededRandom,
  count: number,
  now: Date,
): BoardRequestDoc[] {
  const docs: BoardRequestDoc[] = [];
  for (let i = 0; i < count; i++) {
    const status = requestStatuses[i % requestStatuses.length] as RequestStatus;
    const equipment = random.pick(parties.equipment);
    const team =
      parties.teams.find((candidate) => candidate.id === equipment.team) ?? random.pick(parties.teams);
    const closed = status === 'repaired' || status === 'scrap';
    const type = random.next() < 0.7 ? 'corrective' : 'preventive';
    const createdAt = new Date(now.getTime() - random.next() * 30 * day);
    const scheduled = type === 'preventive' || random.next() < 0.3;
    docs.push({
      _id: objectIdAt(createdAt, random),
      subject: `${random.pick(problems)} ${equipment.name}`,
      description: null,
      type,
      status,
      priority: random.int(4),
      equipment: new Types.ObjectId(equipment.id),
      maintenanceTeam: new Types.ObjectId(team.id),
      assignedTechnician: team.members.length ? new Types.ObjectId(random.pick(team.members)) : null,
      requestedBy: new Types.ObjectId(random.pick(parties.requesterIds)),
      company: new Types.ObjectId(parties.companyId),
      scheduledDate: scheduled ? new Date(createdAt.getTime() + random.between(1, 20) * day) : null,
      duration: closed ? Math.round(random.between(0.5, 8) * 2) / 2 : null,
      closedAt: closed
        ? new Date(Math.min(now.getTime(), createdAt.getTime() + random.between(0.1, 5) * day))
        : null,
      outbox: [],
      revision: status === 'new' ? 0 : closed ? 2 : 1,
      termsRevision: 0,
      stageTermRevision: 0,
      createdAt,
      updatedAt: createdAt,
    });
  }
  return docs;
}
