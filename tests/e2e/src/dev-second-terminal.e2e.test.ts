import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import {
  MailSinkClient,
  type ManagedChild,
  mongoUriFor,
  runCapture,
  spawnManaged,
} from '@fixstream/dev-services';
import { waitFor } from '@fixstream/test-support';
import getPort from 'get-port';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot, type SeedOutput } from './stack.ts';

/**
 * `pnpm dev` in one terminal, and what a person types in a second one: `pnpm seed`, `pnpm ops status`, the banner's
 * curl and redis-cli lines. The second terminal has no configuration of its own: only what `pnpm dev` wrote.
 * `pnpm dev` keeps its state in a temp FIXSTREAM_DEV_DIR (so a developer's own session is left alone) and uses the
 * suite's MongoDB with a database of its own; it starts its own Redis and SMTP sink.
 */

let stateDir: string;
let dev: ManagedChild;
const devOutput: string[] = [];

/** A terminal's environment: nothing fixstream-specific but where `pnpm dev` keeps its state. */
function secondTerminal(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, FIXSTREAM_DEV_DIR: stateDir };
}

function devEnvFile(): Record<string, string | undefined> {
  return parseEnv(readFileSync(join(stateDir, 'dev.env'), 'utf8'));
}

/** The indented lines of the banner that follow a heading, up to the first line that is not indented. */
function bannerBlock(heading: string): string[] {
  const start = devOutput.findIndex((line) => line.startsWith(heading));
  if (start < 0) throw new Error(`the banner has no "${heading}":\n${devOutput.join('\n')}`);
  const block: string[] = [];
  for (const line of devOutput.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    block.push(line.trim());
  }
  return block;
}

/** The first `sh` block of README.md after the heading, as a person would paste it. */
function readmeBlock(heading: string): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(`\n${heading}\n`));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error(`README.md has no sh block under "${heading}"`);
  return block;
}

function bash(script: string) {
  return runCapture('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: repoRoot,
    env: secondTerminal(),
    timeoutMs: 60_000,
  });
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'fixstream-dev-'));
  const apiPort = await getPort();
  dev = spawnManaged({
    name: 'dev',
    command: 'pnpm',
    args: ['dev'],
    cwd: repoRoot,
    env: {
      ...secondTerminal(),
      API_PORT: String(apiPort),
      MONGODB_URI: mongoUriFor(inject('services').mongoUri, `dev-${randomUUID()}`),
      BCRYPT_ROUNDS: '4',
      LOG_LEVEL: 'warn',
    },
    quiet: true,
    keepLines: 200,
    stopTimeoutMs: 60_000,
    onLine: (line) => {
      devOutput.push(line);
    },
  });
  await waitFor(
    () => {
      if (!dev.running()) throw new Error(`pnpm dev exited:\n${dev.recentOutput()}`);
      return devOutput.some((line) => line.startsWith('fixstream dev is running'));
    },
    () => `pnpm dev to print its banner:\n${dev.recentOutput()}`,
    { timeoutMs: 120_000, intervalMs: 100 },
  );
}, 180_000);

afterAll(async () => {
  await dev?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('a second terminal while pnpm dev runs', () => {
  it('finds the services, and the secret kept across runs, in the env file, readable by its owner only', () => {
    const path = join(stateDir, 'dev.env');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const env = devEnvFile();
    expect(env.MONGODB_URI).toMatch(/^mongodb:\/\//);
    expect(env.REDIS_URL).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(env.MAIL_PORT).toMatch(/^\d+$/);
    expect(env.FIXSTREAM_API_URL).toMatch(/^http:\/\/localhost:\d+\/trpc$/);
    expect(env.JWT_SECRET).toBe(readFileSync(join(stateDir, 'dev-jwt-secret'), 'utf8').trim());
    expect(env.JWT_SECRET).toMatch(/^[\w-]{43}$/);
  });

  it('runs pnpm seed and pnpm ops status with no configuration of its own', async () => {
    const seed = await runCapture('pnpm', ['seed'], {
      cwd: repoRoot,
      env: secondTerminal(),
      timeoutMs: 60_000,
    });
    expect(seed.code, seed.stderr).toBe(0);
    const result = JSON.parse(seed.stdout.trim().split('\n').at(-1) ?? '') as SeedOutput;
    expect(result.company.name).toBe('Acme Facilities');

    const status = await runCapture('pnpm', ['ops', 'status', '--json'], {
      cwd: repoRoot,
      env: secondTerminal(),
      timeoutMs: 60_000,
    });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('send-request-notification');
  }, 120_000);

  it("runs the banner's curl lines as pasted: the request is created and its technician is mailed", async () => {
    const lines = bannerBlock('Try it from another terminal');
    const run = await bash(lines.join('\n'));
    expect(run.code, `${run.stderr}\n${run.stdout}`).toBe(0);
    const created = JSON.parse(run.stdout.trim().split('\n')[0] ?? '') as {
      result: { data: { id: string; assignedTechnician: { email: string } | string } };
    };
    const requestId = created.result.data.id;
    expect(requestId).toMatch(/^[0-9a-f]{24}$/);
    expect(run.stdout).toContain(requestId);

    const sinkUrl = devEnvFile().FIXSTREAM_MAIL_SINK_URL;
    if (!sinkUrl) throw new Error('the env file names no mail sink');
    const mails = await new MailSinkClient(sinkUrl).waitFor(
      (all) => all.filter((mail) => mail.text?.includes(requestId)),
      { timeoutMs: 30_000 },
    );
    expect(mails).toHaveLength(1);

    // the seed's demo endpoint: the worker signs the event, the receiver on the sink verifies it
    let webhooks: { verified: boolean; type: string | null; body: string }[] = [];
    await waitFor(
      async () => {
        webhooks = (await (await fetch(`${sinkUrl}/api/webhooks`)).json()) as typeof webhooks;
        return webhooks.some((w) => w.body.includes(requestId));
      },
      'the demo webhook receiver to get the new request',
      { timeoutMs: 30_000 },
    );
    const [hook] = webhooks.filter((w) => w.body.includes(requestId));
    expect(hook).toMatchObject({ verified: true, type: 'maintenance/request.created' });
  }, 90_000);

  it('reaches the dev Redis with the redis-cli lines of the banner, and with the env file sourced', async () => {
    const [groups] = bannerBlock('Load it into a shell with').filter((line) => line.includes('XINFO GROUPS'));
    if (!groups) throw new Error('the banner has no XINFO GROUPS line');
    const run = await bash(groups);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('send-request-notification');

    const sourced = await bash(`source "$FIXSTREAM_DEV_DIR/dev.env"\nredis-cli -u "$REDIS_URL" PING`);
    expect(sourced.stdout.trim()).toBe('PONG');
  });

  it("runs the README's Try it block as pasted", async () => {
    // This pnpm dev keeps its state in FIXSTREAM_DEV_DIR, not in the repository's .fixstream.
    const script = readmeBlock('### Try it').replaceAll('.fixstream/dev.env', '"$FIXSTREAM_DEV_DIR/dev.env"');
    const run = await bash(script);
    expect(run.code, `${run.stderr}\n${run.stdout}\n--- pnpm dev ---\n${dev.recentOutput()}`).toBe(0);
    const created = /\{"result":\{"data":\{"id":"([0-9a-f]{24})"/.exec(run.stdout)?.[1];
    expect(created, run.stdout).toBeDefined();
    expect(run.stdout.split(created ?? '').length).toBeGreaterThan(2);
    expect(run.stdout).toContain('send-request-notification');
    expect(run.stderr).not.toMatch(/error/i);
  }, 120_000);

  it('removes the env file when pnpm dev stops, and keeps the secret', async () => {
    await dev.stop();
    expect(existsSync(join(stateDir, 'dev.env'))).toBe(false);
    expect(existsSync(join(stateDir, 'dev-jwt-secret'))).toBe(true);
    const seed = await runCapture('pnpm', ['seed'], {
      cwd: repoRoot,
      env: secondTerminal(),
      timeoutMs: 60_000,
    });
    expect(seed.code).not.toBe(0);
    expect(seed.stderr + seed.stdout).toContain('MONGODB_URI: is required but not set');
  }, 90_000);
});
