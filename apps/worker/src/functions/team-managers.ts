import type { Database } from '@fixstream/db';

/** Someone an escalation is mailed to. */
export interface Manager {
  id: string;
  name: string;
  email: string;
}

/**
 * Who answers for a team's late work: its members who are managers or admins, and when it has none (teams are
 * usually technicians only), the company's active managers, then its admins. Each read is by `_id` or by
 * `{company, role}`, both served by an index.
 */
export async function teamManagers(db: Database, teamId: string, companyId: string): Promise<Manager[]> {
  const { Team, User } = db.models;
  const team = await Team.findById(teamId, { members: 1 }).lean();
  const members = await Promise.all(
    (team?.members ?? []).map((id) => User.findById(id, { name: 1, email: 1, role: 1, active: 1 }).lean()),
  );
  const onTeam = members.filter(
    (user) => user?.active && (user.role === 'manager' || user.role === 'admin'),
  ) as NonNullable<(typeof members)[number]>[];
  if (onTeam.length > 0) return onTeam.map(toManager);
  for (const role of ['manager', 'admin'] as const) {
    const found = await User.find({ company: companyId, role }, { name: 1, email: 1, active: 1 }).lean();
    const active = found.filter((user) => user.active);
    if (active.length > 0) return active.map(toManager);
  }
  return [];
}

function toManager(user: { _id: { toString(): string }; name: string; email: string }): Manager {
  return { id: user._id.toString(), name: user.name, email: user.email };
}
