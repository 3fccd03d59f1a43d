import type { Database } from '@fixstream/db';
import { Types } from 'mongoose';
import type { SessionUser } from '../trpc/init.ts';

/**
 * The requests a user may see, as a MongoDB filter: admins and managers all of their company's, technicians those
 * assigned to them or to a team they belong to, employees those they asked for.
 */
export async function requestVisibility(db: Database, user: SessionUser): Promise<Record<string, unknown>> {
  const company = { company: user.companyId };
  switch (user.role) {
    case 'admin':
    case 'manager':
      return company;
    case 'technician': {
      const teams = await db.models.Team.find(
        { company: user.companyId, members: user.id },
        { _id: 1 },
      ).lean();
      return {
        ...company,
        $or: [{ assignedTechnician: user.id }, { maintenanceTeam: { $in: teams.map((team) => team._id) } }],
      };
    }
    case 'employee':
      return { ...company, requestedBy: user.id };
  }
}

/**
 * The same visibility as {@link requestVisibility}, as a list of filters of plain equalities whose union is what
 * the user may see: one per team a technician belongs to plus their own assignments. Each branch is one index
 * range, where the `$or` above would make a list read the company's whole history.
 */
export async function requestVisibilityBranches(
  db: Database,
  user: SessionUser,
): Promise<Record<string, unknown>[]> {
  const company = new Types.ObjectId(user.companyId);
  const self = new Types.ObjectId(user.id);
  switch (user.role) {
    case 'admin':
    case 'manager':
      return [{ company }];
    case 'technician': {
      const teams = await db.models.Team.find({ company, members: self }, { _id: 1 }).lean();
      return [
        { company, assignedTechnician: self },
        ...teams.map((team) => ({ company, maintenanceTeam: team._id })),
      ];
    }
    case 'employee':
      return [{ company, requestedBy: self }];
  }
}
