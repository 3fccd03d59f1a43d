import type { Types } from 'mongoose';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import { type Page, paginate } from '../shared/paginate.ts';
import type { SessionUser } from '../trpc/init.ts';
import type { TeamOutput } from './team.schemas.ts';

interface TeamDocument {
  _id: Types.ObjectId;
  name: string;
  members: Types.ObjectId[];
  company: Types.ObjectId;
  createdAt: Date;
}

function toTeamOutput(doc: TeamDocument): TeamOutput {
  return {
    id: doc._id.toString(),
    name: doc.name,
    members: doc.members.map(String),
    companyId: doc.company.toString(),
    createdAt: doc.createdAt.toISOString(),
  };
}

/** Members must be active users of the caller's company; names the ones that are not. */
async function assertMembers(deps: ApiDeps, user: SessionUser, members: readonly string[]): Promise<void> {
  if (members.length === 0) return;
  const found = await deps.db.models.User.find(
    { _id: { $in: members }, company: user.companyId, active: true },
    { _id: 1 },
  ).lean();
  const known = new Set(found.map((u) => u._id.toString()));
  const unknown = members.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppError(AppErrorCode.BadInput, `Not active users of your company: ${unknown.join(', ')}`);
  }
}

async function assertNameFree(
  deps: ApiDeps,
  user: SessionUser,
  name: string,
  exceptId?: string,
): Promise<void> {
  const clash = await deps.db.models.Team.findOne({ company: user.companyId, name }, { _id: 1 }).lean();
  if (clash && clash._id.toString() !== exceptId) {
    throw new AppError(AppErrorCode.Conflict, `A team named ${name} already exists`);
  }
}

export function listTeams(
  deps: ApiDeps,
  user: SessionUser,
  input: { member?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<TeamOutput>> {
  const filter: Record<string, unknown> = { company: user.companyId };
  if (input.member) filter.members = input.member;
  return paginate<TeamDocument, TeamOutput>(deps.db.models.Team, filter, input, toTeamOutput);
}

export async function getTeam(deps: ApiDeps, user: SessionUser, id: string): Promise<TeamOutput> {
  const doc = await deps.db.models.Team.findOne({ _id: id, company: user.companyId }).lean();
  if (!doc) throw notFound('Maintenance team');
  return toTeamOutput(doc);
}

export async function createTeam(
  deps: ApiDeps,
  user: SessionUser,
  input: { name: string; members: string[] },
): Promise<TeamOutput> {
  await Promise.all([assertMembers(deps, user, input.members), assertNameFree(deps, user, input.name)]);
  const created = await deps.db.models.Team.create({
    name: input.name,
    members: input.members,
    company: user.companyId,
  });
  return toTeamOutput(created.toObject());
}

/** Renames a team or replaces its members (the whole list, so the caller states the team as it should be). */
export async function updateTeam(
  deps: ApiDeps,
  user: SessionUser,
  input: { id: string; name?: string | undefined; members?: string[] | undefined },
): Promise<TeamOutput> {
  await Promise.all([
    input.members ? assertMembers(deps, user, input.members) : null,
    input.name ? assertNameFree(deps, user, input.name, input.id) : null,
  ]);
  const changes: Record<string, unknown> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.members !== undefined) changes.members = input.members;
  const result = await deps.db.models.Team.updateOne(
    { _id: input.id, company: user.companyId },
    { $set: changes },
  );
  if (result.matchedCount === 0) throw notFound('Maintenance team');
  return getTeam(deps, user, input.id);
}
