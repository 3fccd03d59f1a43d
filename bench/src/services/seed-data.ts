import { runCapture } from '@fixstream/dev-services';
import type { RequestParties as SharedRequestParties } from '@fixstream/test-support';

/** The contract `pnpm seed` prints as its last stdout line (README, "Quick start"). */
export interface SeedOutput {
  company: { id: string; name: string };
  users: { id: string; name: string; email: string; password: string; role: string }[];
  teams: { id: string; name: string; members: string[] }[];
  equipment: { id: string; name: string; serialNumber: string; location: string }[];
}

/**
 * The seeded records a maintenance request needs: who asks, on what, for which team and technician (the shared
 * fixtures' `RequestParties`), and the requester's login.
 */
export interface RequestParties extends SharedRequestParties {
  requester: SeedOutput['users'][number];
  technicianIds: string[];
  equipmentIds: string[];
}

/**
 * Seeds a database the way a person does (`apps/api/src/seed/seed.cli.ts`, the script behind `pnpm seed`), so
 * the bench's requests pass the API's checks: the technician is a member of the team.
 */
export async function seedDatabase(repoRoot: string, mongoUri: string): Promise<SeedOutput> {
  const result = await runCapture(process.execPath, ['--import', 'tsx', 'apps/api/src/seed/seed.cli.ts'], {
    cwd: repoRoot,
    env: { ...process.env, MONGODB_URI: mongoUri, BCRYPT_ROUNDS: '4', NODE_ENV: 'test' },
    timeoutMs: 120_000,
  });
  if (result.code !== 0)
    throw new Error(`seeding failed (${result.code}):\n${result.stderr}\n${result.stdout}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as SeedOutput;
}

/** Picks the employee as requester and the first team with its members as technicians. */
export function requestParties(seed: SeedOutput): RequestParties {
  const requester = seed.users.find((user) => user.role === 'employee');
  const team = seed.teams.find((candidate) => candidate.members.length > 0);
  if (!requester || !team || seed.equipment.length === 0)
    throw new Error('the seed lacks an employee or a team');
  return {
    requester,
    requesterId: requester.id,
    teamId: team.id,
    technicianIds: team.members,
    equipmentIds: seed.equipment.map((item) => item.id),
    companyId: seed.company.id,
  };
}
