import type { Database } from '@fixstream/db';
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
