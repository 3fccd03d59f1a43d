import { nextPreventiveAt } from '@fixstream/db';
import type { Types } from 'mongoose';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import { type Page, paginate } from '../shared/paginate.ts';
import type { SessionUser } from '../trpc/init.ts';
import type { CreateEquipmentInput, EquipmentOutput, UpdateEquipmentInput } from './equipment.schemas.ts';

interface EquipmentDocument {
  _id: Types.ObjectId;
  name: string;
  serialNumber: string;
  location?: string | null;
  category?: string | null;
  team?: Types.ObjectId | null;
  defaultTechnician?: Types.ObjectId | null;
  preventiveIntervalDays?: number | null;
  nextPreventiveAt?: Date | null;
  company: Types.ObjectId;
  createdAt: Date;
}

function toEquipmentOutput(doc: EquipmentDocument): EquipmentOutput {
  return {
    id: doc._id.toString(),
    name: doc.name,
    serialNumber: doc.serialNumber,
    location: doc.location ?? null,
    category: doc.category ?? null,
    team: doc.team?.toString() ?? null,
    defaultTechnician: doc.defaultTechnician?.toString() ?? null,
    preventiveIntervalDays: doc.preventiveIntervalDays ?? null,
    nextPreventiveAt: doc.nextPreventiveAt?.toISOString() ?? null,
    companyId: doc.company.toString(),
    createdAt: doc.createdAt.toISOString(),
  };
}

/** The default team and technician must be the company's, and the technician a member of that team. */
async function assertAssignment(
  deps: ApiDeps,
  user: SessionUser,
  teamId: string | null | undefined,
  technicianId: string | null | undefined,
): Promise<void> {
  const { Team, User } = deps.db.models;
  const [team, technician] = await Promise.all([
    teamId ? Team.findOne({ _id: teamId, company: user.companyId }, { name: 1, members: 1 }).lean() : null,
    technicianId
      ? User.findOne({ _id: technicianId, company: user.companyId, active: true }, { name: 1 }).lean()
      : null,
  ]);
  if (teamId && !team) throw notFound('Maintenance team');
  if (technicianId && !technician) throw notFound('Technician');
  if (team && technician && !team.members.some((member) => member.equals(technician._id))) {
    throw new AppError(
      AppErrorCode.BadInput,
      `Technician ${technician.name} is not a member of team ${team.name}`,
    );
  }
}

async function assertSerialFree(deps: ApiDeps, user: SessionUser, serialNumber: string, exceptId?: string) {
  const clash = await deps.db.models.Equipment.findOne(
    { company: user.companyId, serialNumber },
    { _id: 1 },
  ).lean();
  if (clash && clash._id.toString() !== exceptId) {
    throw new AppError(AppErrorCode.Conflict, `Equipment with serial number ${serialNumber} already exists`);
  }
}

export function listEquipment(
  deps: ApiDeps,
  user: SessionUser,
  input: {
    team?: string | undefined;
    category?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<EquipmentOutput>> {
  const filter: Record<string, unknown> = { company: user.companyId };
  if (input.team) filter.team = input.team;
  if (input.category) filter.category = input.category;
  return paginate<EquipmentDocument, EquipmentOutput>(
    deps.db.models.Equipment,
    filter,
    input,
    toEquipmentOutput,
  );
}

export async function getEquipment(deps: ApiDeps, user: SessionUser, id: string): Promise<EquipmentOutput> {
  const doc = await deps.db.models.Equipment.findOne({ _id: id, company: user.companyId }).lean();
  if (!doc) throw notFound('Equipment');
  return toEquipmentOutput(doc);
}

export async function createEquipment(
  deps: ApiDeps,
  user: SessionUser,
  input: CreateEquipmentInput,
): Promise<EquipmentOutput> {
  await Promise.all([
    assertAssignment(deps, user, input.team, input.defaultTechnician),
    assertSerialFree(deps, user, input.serialNumber),
  ]);
  const created = await deps.db.models.Equipment.create({
    name: input.name,
    serialNumber: input.serialNumber,
    location: input.location ?? null,
    category: input.category ?? null,
    team: input.team ?? null,
    defaultTechnician: input.defaultTechnician ?? null,
    preventiveIntervalDays: input.preventiveIntervalDays ?? null,
    nextPreventiveAt: nextPreventiveAt(input.preventiveIntervalDays, new Date()),
    company: user.companyId,
  });
  return toEquipmentOutput(created.toObject());
}

export async function updateEquipment(
  deps: ApiDeps,
  user: SessionUser,
  input: UpdateEquipmentInput,
): Promise<EquipmentOutput> {
  const current = await deps.db.models.Equipment.findOne({ _id: input.id, company: user.companyId }).lean();
  if (!current) throw notFound('Equipment');
  const team = input.team === undefined ? current.team?.toString() : input.team;
  const technician =
    input.defaultTechnician === undefined ? current.defaultTechnician?.toString() : input.defaultTechnician;
  await Promise.all([
    assertAssignment(deps, user, team, technician),
    input.serialNumber ? assertSerialFree(deps, user, input.serialNumber, input.id) : null,
  ]);
  const { id, ...fields } = input;
  const changes: Record<string, unknown> = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  );
  if (
    input.preventiveIntervalDays !== undefined &&
    input.preventiveIntervalDays !== current.preventiveIntervalDays
  ) {
    // a new interval counts from now; the preventive job advances the date after each request it creates
    changes.nextPreventiveAt = nextPreventiveAt(input.preventiveIntervalDays, new Date());
  }
  await deps.db.models.Equipment.updateOne({ _id: id, company: user.companyId }, { $set: changes });
  return getEquipment(deps, user, id);
}
