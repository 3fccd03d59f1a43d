import { type RequestStatus, type RequestType, writeSearchTermsOf } from '@fixstream/db';
import { Types } from 'mongoose';
import { expect } from 'vitest';
import type { ListRequestsInput } from '../requests/request.schemas.ts';
import type { CompanyFixture, FixtureUser } from './company-fixture.ts';
import type { TestApi } from './test-deps.ts';

/** A request as the list tests store it and check lists against. */
export interface RequestRow {
  _id: Types.ObjectId;
  company: Types.ObjectId;
  subject: string;
  status: RequestStatus;
  type: RequestType;
  priority: number;
  maintenanceTeam: Types.ObjectId;
  assignedTechnician: Types.ObjectId | null;
  requestedBy: Types.ObjectId;
  equipment: Types.ObjectId;
  scheduledDate: Date | null;
}

const statuses: RequestStatus[] = ['new', 'in_progress', 'repaired', 'scrap'];
const day = 86_400_000;

/** A deterministic pseudo-random sequence, so a failure replays. */
function sequence(seed: number) {
  let state = seed;
  return <T>(choices: readonly T[]): T => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return choices[state % choices.length] as T;
  };
}

/**
 * Requests of every stage, type, priority, team, technician, requester and schedule, stored with their search
 * terms as `requests.create` leaves them, and what the roles table says each user's list holds: the oracle the
 * list and search tests compare `requests.list` with, written without the API's code.
 */
export function requestRows(api: TestApi, companies: () => CompanyFixture[]) {
  const rows: RequestRow[] = [];

  async function fill(
    company: CompanyFixture,
    options: { teams: string[]; equipment: string[]; count: number; seed: number; subjects?: string[] },
  ): Promise<void> {
    const pick = sequence(options.seed);
    const id = (value: string) => new Types.ObjectId(value);
    const technicians = [company.technician.id, company.teammate.id, company.outsider.id];
    const requesters = [company.employee.id, company.manager.id, company.admin.id];
    const made: RequestRow[] = Array.from({ length: options.count }, () => {
      const _id = new Types.ObjectId();
      return {
        _id,
        company: id(company.companyId),
        subject: options.subjects ? pick(options.subjects) : `Request ${_id}`,
        status: pick(statuses),
        type: pick(['corrective', 'preventive'] as const),
        priority: pick([0, 1, 2, 3]),
        maintenanceTeam: id(pick(options.teams)),
        assignedTechnician: pick([...technicians.map(id), null]),
        requestedBy: id(pick(requesters)),
        equipment: id(pick(options.equipment)),
        scheduledDate: pick([null, new Date(Date.now() - 3 * day), new Date(Date.now() + 3 * day)]),
      };
    });
    await writeSearchTermsOf(api.db, made);
    await api.db.models.Request.insertMany(made.map((row) => ({ ...row, outbox: [] })));
    rows.push(...made);
  }

  /** What the roles table promises each user sees, filtered and ordered as requests.list documents it. */
  function expected(user: FixtureUser, teamsOf: string[], input: Partial<ListRequestsInput>): string[] {
    const company = companies().find((c) =>
      [c.admin, c.manager, c.employee, c.technician, c.teammate, c.outsider].some((u) => u.id === user.id),
    );
    const now = Date.now();
    const visible = rows.filter((row) => {
      if (row.company.toString() !== company?.companyId) return false;
      if (user.role === 'employee') return row.requestedBy.toString() === user.id;
      if (user.role === 'technician') {
        return (
          row.assignedTechnician?.toString() === user.id || teamsOf.includes(row.maintenanceTeam.toString())
        );
      }
      return true;
    });
    const matching = visible.filter(
      (row) =>
        (!input.status || row.status === input.status) &&
        (!input.type || row.type === input.type) &&
        (!input.team || row.maintenanceTeam.toString() === input.team) &&
        (!input.technician || row.assignedTechnician?.toString() === input.technician) &&
        (!input.equipment || row.equipment.toString() === input.equipment) &&
        (!input.overdue ||
          (row.scheduledDate !== null &&
            row.scheduledDate.getTime() < now &&
            (row.status === 'new' || row.status === 'in_progress'))) &&
        (!input.search || subjectHasEveryWord(row.subject, input.search)),
    );
    const id = (row: RequestRow) => row._id.toString();
    const order = input.sort ?? 'newest';
    matching.sort((a, b) => {
      if (order === 'priority' && a.priority !== b.priority) return b.priority - a.priority;
      return (order === 'oldest' ? 1 : -1) * (id(a) < id(b) ? -1 : 1);
    });
    return matching.map(id);
  }

  /** Checks every page of `requests.list` for `input` against what the roles table promises `user`. */
  async function expectEveryPage(
    [who, user, teams]: ListCaller,
    input: Partial<ListRequestsInput>,
  ): Promise<void> {
    expect({ who, input, ids: await everyPage(api, user, input) }).toEqual({
      who,
      input,
      ids: expected(user, teams, input),
    });
  }

  return { rows, fill, expected, expectEveryPage };
}

/** Who lists requests in these tests, named, with the teams they belong to. */
export type ListCaller = [string, FixtureUser, string[]];

/**
 * Every role of the first company (a technician on each of its two teams), and a manager of the second: whose
 * lists the list and search tests compare with the roles table.
 */
export function listCallers(first: CompanyFixture, second: CompanyFixture, secondTeam: string): ListCaller[] {
  return [
    ['admin', first.admin, []],
    ['manager', first.manager, []],
    ['technician on the first team', first.technician, [first.teamId]],
    ['technician on the second team', first.outsider, [secondTeam]],
    ['employee', first.employee, []],
    ['manager of the other company', second.manager, []],
  ];
}

/** Every page of `requests.list` for `input`, `limit` at a time, following `nextCursor`. */
export async function everyPage(
  api: TestApi,
  user: FixtureUser,
  input: Partial<ListRequestsInput>,
  limit = 9,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await api
      .caller(user.token)
      .requests.list({ ...input, limit, ...(cursor ? { cursor } : {}) });
    ids.push(...result.items.map((item) => item.id));
    if (!result.nextCursor) return ids;
    cursor = result.nextCursor;
  }
  throw new Error('more than 100 pages');
}

/**
 * The search rule for subjects of Latin letters, accents and spaces, spelled out apart from the API's
 * `searchWords`: each typed word, accents dropped and lowercased, begins a word of the subject.
 */
function subjectHasEveryWord(subject: string, search: string): boolean {
  const plain = (text: string) =>
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
  const words = ` ${plain(subject).replace(/[^a-z0-9]+/g, ' ')}`;
  return plain(search)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .every((word) => words.includes(` ${word}`));
}
