import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { connectDatabase, createPasswordHasher, type Database } from '@fixstream/db';
import { mongoUriFor, runCapture } from '@fixstream/dev-services';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { demoUsers } from './demo-data.ts';
import type { SeedResult } from './seed.service.ts';

const seedCli = fileURLToPath(new URL('./seed.cli.ts', import.meta.url));
const apiDir = fileURLToPath(new URL('../..', import.meta.url));

let dbName: string;
let db: Database;

beforeEach(async () => {
  dbName = `seed-${randomUUID()}`;
  db = await connectDatabase(mongoUriFor(inject('services').mongoUri, dbName));
});
afterEach(async () => {
  await db.connection.dropDatabase().catch(() => undefined);
  await db.close();
});

/** `pnpm seed` as a process of its own, with only the variables given (and no `pnpm dev` env file to find). */
function seed(env: Record<string, string>, args: string[] = []) {
  return runCapture(process.execPath, ['--import', 'tsx', seedCli, ...args], {
    cwd: apiDir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      FIXSTREAM_DEV_DIR: `/nonexistent/${randomUUID()}`,
      MONGODB_URI: mongoUriFor(inject('services').mongoUri, dbName),
      BCRYPT_ROUNDS: '4',
      ...env,
    },
    timeoutMs: 60_000,
  });
}

function resultOf(stdout: string): SeedResult {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as SeedResult;
}

// Each test starts node with tsx: seconds on a loaded machine.
describe('pnpm seed', { timeout: 90_000 }, () => {
  it('prints each equipment with its team and default technician, a member of that team', async () => {
    const run = await seed({ NODE_ENV: 'development' });
    expect(run.code, run.stderr).toBe(0);
    const result = resultOf(run.stdout);
    expect(result.users.map((user) => user.password)).toEqual(demoUsers.map((user) => user.password));
    expect(result.equipment.length).toBeGreaterThan(0);
    for (const item of result.equipment) {
      const team = result.teams.find((candidate) => candidate.id === item.team);
      expect(team, `team of ${item.name}`).toBeDefined();
      expect(team?.members).toContain(item.defaultTechnician);
    }
  });

  it('refuses to run with NODE_ENV=production unless --force, and writes nothing', async () => {
    const run = await seed({ NODE_ENV: 'production' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--force');
    expect(await db.models.User.countDocuments()).toBe(0);
    expect(await db.models.Company.countDocuments()).toBe(0);
  });

  it('with --force in production, gives every user a generated password, printed once', async () => {
    const run = await seed({ NODE_ENV: 'production' }, ['--force']);
    expect(run.code, run.stderr).toBe(0);
    const result = resultOf(run.stdout);
    const passwords = result.users.map((user) => user.password);
    expect(new Set(passwords).size).toBe(passwords.length);
    const demoPasswords = new Set<string>(demoUsers.map((user) => user.password));
    const hasher = createPasswordHasher(4);
    for (const user of result.users) {
      expect(demoPasswords.has(user.password)).toBe(false);
      expect(user.password.length).toBeGreaterThanOrEqual(20);
      expect(run.stderr).toContain(`${user.email}  ${user.password}`);
      const stored = await db.models.User.findOne({ email: user.email }, { passwordHash: 1 }).lean();
      expect(await hasher.verify(user.password, stored?.passwordHash ?? '')).toBe(true);
    }
  });

  it('says what is wrong with its arguments', async () => {
    const run = await seed({ NODE_ENV: 'development' }, ['--forse']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--forse'");
    expect(run.stderr).toContain('usage: pnpm seed [--force]');
  });
});
