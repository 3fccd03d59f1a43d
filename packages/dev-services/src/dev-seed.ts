import { spawnManaged } from './child-process.ts';

/** A demo user as `pnpm seed` reports it (the password is the demo one, printed for the banner). */
export type SeedUser = { id: string; name: string; email: string; password: string; role: string };

/** A demo team as `pnpm seed` reports it: member ids. */
export type SeedTeam = { id: string; name: string; members: string[] };

/** Demo equipment as `pnpm seed` reports it: `team` and `defaultTechnician` are ids. */
export type SeedEquipment = {
  id: string;
  name: string;
  serialNumber: string;
  location: string;
  team: string;
  defaultTechnician: string;
};

/** The last stdout line of `pnpm seed`. */
export type SeedResult = {
  company: { id: string; name: string };
  users: SeedUser[];
  teams: SeedTeam[];
  equipment: SeedEquipment[];
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasStrings(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  return isRecord(value) && keys.every((key) => typeof value[key] === 'string');
}

const isSeedUser = (value: unknown): value is SeedUser =>
  hasStrings(value, ['id', 'name', 'email', 'password', 'role']);

const isSeedTeam = (value: unknown): value is SeedTeam =>
  hasStrings(value, ['id', 'name']) &&
  Array.isArray(value.members) &&
  value.members.every((member) => typeof member === 'string');

const isSeedEquipment = (value: unknown): value is SeedEquipment =>
  hasStrings(value, ['id', 'name', 'serialNumber', 'location', 'team', 'defaultTechnician']);

/**
 * Finds and checks the seed's JSON: the last non-empty stdout line (pnpm's own lines come before it). Throws a
 * message that shows the line, because a log line printed after the JSON is the usual cause.
 */
export function parseSeedOutput(stdoutLines: readonly string[]): SeedResult {
  const last = [...stdoutLines]
    .reverse()
    .find((line) => line.trim() !== '')
    ?.trim();
  if (last === undefined) throw new Error('pnpm seed printed nothing on stdout; expected a JSON line last');
  let value: unknown;
  try {
    value = JSON.parse(last);
  } catch {
    throw new Error(`the last stdout line of pnpm seed is not JSON: ${last.slice(0, 300)}`);
  }
  const ok =
    isRecord(value) &&
    isRecord(value.company) &&
    typeof value.company.id === 'string' &&
    typeof value.company.name === 'string' &&
    Array.isArray(value.users) &&
    value.users.every(isSeedUser) &&
    Array.isArray(value.teams) &&
    value.teams.every(isSeedTeam) &&
    Array.isArray(value.equipment) &&
    value.equipment.every(isSeedEquipment);
  if (!ok) throw new Error(`pnpm seed's JSON lacks company/users/teams/equipment: ${last.slice(0, 300)}`);
  return value as SeedResult;
}

/** Runs `pnpm seed` with the dev environment and returns its result; on failure the error carries its output. */
export async function runSeed(opts: {
  pnpm: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}): Promise<SeedResult> {
  const stdout: string[] = [];
  const child = spawnManaged({
    name: 'seed',
    command: opts.pnpm,
    args: ['seed'],
    cwd: opts.cwd,
    env: opts.env,
    quiet: true,
    keepLines: 300,
    onLine: (line, stream) => {
      if (stream === 'stdout') stdout.push(line);
    },
  });
  const exit = await child.exited;
  if (exit.code !== 0) {
    throw new Error(`pnpm seed failed (exit ${exit.code ?? exit.signal}):\n${child.recentOutput()}`);
  }
  try {
    return parseSeedOutput(stdout);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- seed output ---\n${child.recentOutput()}`);
  }
}
