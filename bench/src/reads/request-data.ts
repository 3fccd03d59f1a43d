import type { RequestStatus, RequestType } from '@fixstream/db';
import { requestCreated, requestStatusChanged } from '@fixstream/events';
import type { Types } from 'mongoose';
import type { ReadsCompany } from './company-data.ts';
import { eventIdAt, objectIdAt } from './ids-at.ts';
import type { SeededRandom } from './seeded-random.ts';

const day = 86_400_000;
const hour = 3_600_000;

/**
 * What a company's request history looks like after two years: nearly everything closed, a few open ones (some
 * scheduled in the past: overdue), mostly corrective work of middling priority, mostly asked for by employees.
 */
export const requestMix = {
  status: [
    ['new', 2],
    ['in_progress', 2],
    ['repaired', 90],
    ['scrap', 6],
  ] as const satisfies readonly (readonly [RequestStatus, number])[],
  priority: [
    [0, 20],
    [1, 45],
    [2, 25],
    [3, 10],
  ] as const satisfies readonly (readonly [number, number])[],
  type: [
    ['corrective', 70],
    ['preventive', 30],
  ] as const satisfies readonly (readonly [RequestType, number])[],
  requester: [
    ['employee', 80],
    ['manager', 15],
    ['technician', 5],
  ] as const satisfies readonly (readonly ['employee' | 'manager' | 'technician', number])[],
  /** Preventive work is always scheduled, corrective work this share of the time: about half in all. */
  scheduledCorrectiveShare: 0.3,
  historyDays: 730,
} as const;

const problems = [
  'Leaking seal on',
  'Strange noise from',
  'Overheating:',
  'Scheduled service of',
  'Vibration on',
  'Error code on',
  'Belt worn on',
  'Pressure drop at',
];
const notes = [
  'Noticed during the morning round; operators kept it running at reduced load.',
  'Second time this month. Please check the bearing and the mounting bolts.',
  'Spare part may need ordering; the last one came from the central store.',
  'Safety tape is up around it until someone has had a look.',
];

/** A request document exactly as `requests.create` and later writes leave it (see the request model). */
export type RequestDoc = Record<string, unknown> & {
  _id: Types.ObjectId;
  company: Types.ObjectId;
  maintenanceTeam: Types.ObjectId;
  requestedBy: Types.ObjectId;
  subject: string;
  priority: number;
  status: string;
  createdAt: Date;
};

/**
 * `count` requests of `company`, created at random times over the history that ends at `now`, each with the
 * `_id` of its creation time and the outbox its last write left (one event: the creation, or the last move to
 * another stage). The technician is a member of the team that maintains the equipment.
 */
export function requestDocs(
  company: ReadsCompany,
  random: SeededRandom,
  count: number,
  now: Date,
): RequestDoc[] {
  const docs: RequestDoc[] = [];
  const end = now.getTime();
  for (let i = 0; i < count; i++) {
    const createdAt = new Date(end - random.next() * requestMix.historyDays * day);
    const at = (ms: number) => new Date(Math.min(end, createdAt.getTime() + ms));
    const _id = objectIdAt(createdAt, random);
    const equipment = random.pick(company.equipment);
    const team = company.teams.find((candidate) => candidate.id.equals(equipment.team));
    if (!team) throw new Error(`equipment ${equipment.name} has no team of its company`);
    const technician = random.pick(team.members);
    const requester = random.pick(company.people[random.weighted(requestMix.requester)]).id;
    const type = random.weighted(requestMix.type);
    const status = random.weighted(requestMix.status);
    const closed = status === 'repaired' || status === 'scrap';
    const scheduled = type === 'preventive' || random.next() < requestMix.scheduledCorrectiveShare;
    const closedAt = closed ? at(random.between(2 * hour, 20 * day)) : null;
    const updatedAt =
      closedAt ?? (status === 'in_progress' ? at(random.between(0.2 * hour, 2 * day)) : createdAt);
    const ids = { requestId: _id.toString(), companyId: company.id.toString() };
    const event =
      status === 'new'
        ? requestCreated.create(
            {
              ...ids,
              type,
              assignedTechnicianId: technician.toString(),
              requestedById: requester.toString(),
            },
            { id: eventIdAt(createdAt, random), occurredAt: createdAt },
          )
        : requestStatusChanged.create(
            { ...ids, from: closed ? 'in_progress' : 'new', to: status, changedById: technician.toString() },
            { id: eventIdAt(updatedAt, random), occurredAt: updatedAt },
          );
    docs.push({
      _id,
      subject: `${random.pick(problems)} ${equipment.name}`,
      description: random.next() < 0.7 ? random.pick(notes) : null,
      type,
      status,
      priority: random.weighted(requestMix.priority),
      equipment: equipment.id,
      maintenanceTeam: team.id,
      assignedTechnician: technician,
      requestedBy: requester,
      company: company.id,
      scheduledDate: scheduled ? new Date(createdAt.getTime() + random.between(1, 30) * day) : null,
      duration: closed || scheduled ? Math.round(random.between(0.5, 8) * 2) / 2 : null,
      closedAt,
      outbox: [event],
      revision: status === 'new' ? 0 : closed ? 2 : 1,
      termsRevision: 0,
      stageTermRevision: 0,
      createdAt,
      updatedAt,
      __v: 0,
    });
  }
  return docs;
}
