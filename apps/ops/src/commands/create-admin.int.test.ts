import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connectDatabase, createPasswordHasher, type Database } from '@fixstream/db';
import { mongoUriFor } from '@fixstream/dev-services';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const run = promisify(execFile);
let db: Database;
let mongoUri: string;

beforeAll(async () => {
  mongoUri = mongoUriFor(inject('services').mongoUri, `ops-admin-${randomUUID()}`);
  db = await connectDatabase(mongoUri);
});
afterAll(async () => {
  await db.connection.dropDatabase();
  await db.close();
});

async function createAdmin(...args: string[]) {
  const env = { ...process.env, MONGODB_URI: mongoUri, BCRYPT_ROUNDS: '4', REDIS_URL: '' };
  return run(process.execPath, ['--import', 'tsx', 'apps/ops/src/ops.cli.ts', 'create-admin', ...args], {
    cwd: repoRoot,
    env,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

/** Runs create-admin with `input` piped to its standard input, as `printf … | pnpm ops create-admin` does. */
function createAdminPiped(input: string, ...args: string[]) {
  const env = { ...process.env, MONGODB_URI: mongoUri, BCRYPT_ROUNDS: '4', REDIS_URL: '' };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/ops/src/ops.cli.ts', 'create-admin', ...args],
    { cwd: repoRoot, env },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdin.end(input);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('pnpm ops create-admin', () => {
  it('creates a company and its admin, printing them as JSON on the last line', async () => {
    const result = await createAdmin(
      '--company',
      'Initech',
      '--name',
      'Bill Lumbergh',
      '--email',
      'Bill@Initech.example',
      '--password',
      'yeah-if-you-could',
    );
    expect(result.code).toBe(0);
    const last = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(last).toEqual({
      company: { id: expect.stringMatching(/^[a-f\d]{24}$/), name: 'Initech' },
      user: {
        id: expect.stringMatching(/^[a-f\d]{24}$/),
        name: 'Bill Lumbergh',
        email: 'bill@initech.example',
        role: 'admin',
      },
    });
    const stored = await db.models.User.findById(last.user.id).select('+passwordHash').lean();
    expect(stored?.company.toString()).toBe(last.company.id);
    expect(await createPasswordHasher(4).verify('yeah-if-you-could', stored?.passwordHash ?? '')).toBe(true);
  });

  it('refuses a taken company name or email, and bad input, without writing anything', async () => {
    const before = await db.models.Company.countDocuments();
    const again = await createAdmin(
      '--company',
      'Initech',
      '--name',
      'X',
      '--email',
      'x@initech.example',
      '--password',
      'long-enough-1',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/A company named Initech already exists/);
    const email = await createAdmin(
      '--company',
      'Initrode',
      '--name',
      'X',
      '--email',
      'bill@initech.example',
      '--password',
      'long-enough-1',
    );
    expect(email.code).toBe(1);
    expect(email.stderr).toMatch(/A user with the email bill@initech.example already exists/);
    const bad = await createAdmin(
      '--company',
      'Initrode',
      '--name',
      'X',
      '--email',
      'not-an-email',
      '--password',
      'short',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /--email: must be an email address; --password: must be at least 10 characters/,
    );
    expect(await db.models.Company.countDocuments()).toBe(before);
  });

  it('reads the password from standard input when --password is left out', async () => {
    const result = await createAdminPiped(
      'piped-in-password\nignored second line\n',
      '--company',
      'Piped Inc',
      '--name',
      'Pat Piper',
      '--email',
      'pat@piped.example',
    );
    expect(result.code).toBe(0);
    const last = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}');
    const stored = await db.models.User.findById(last.user.id).select('+passwordHash').lean();
    expect(await createPasswordHasher(4).verify('piped-in-password', stored?.passwordHash ?? '')).toBe(true);
  });

  it('refuses an empty standard input and a short piped password, writing nothing', async () => {
    const before = await db.models.Company.countDocuments();
    const args = ['--company', 'Empty Inc', '--name', 'E', '--email', 'e@empty.example'];
    const empty = await createAdminPiped('', ...args);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/no password on standard input/);
    const short = await createAdminPiped('short\n', ...args);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/--password: must be at least 10 characters/);
    expect(await db.models.Company.countDocuments()).toBe(before);
  });

  it('says in its help where the password comes from without --password', async () => {
    const help = await createAdmin('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/\[--password PASSWORD\]/);
    expect(help.stdout).toMatch(/Without --password, the password is read from standard input/);
    expect(help.stdout).toContain(`printf '%s\\n' "$ADMIN_PASSWORD" | pnpm ops create-admin`);
  });
});
