import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import { createClient } from '@fixstream/client';
import { MailSinkClient, runCapture } from '@fixstream/dev-services';
import { waitFor } from '@fixstream/test-support';
import getPort from 'get-port';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot, type Stack, startStack } from './stack.ts';

let stack: Stack;
const started: ChildProcess[] = [];

beforeAll(async () => {
  const build = await runCapture('pnpm', ['build'], { cwd: repoRoot, timeoutMs: 240_000 });
  if (build.code !== 0) throw new Error(`pnpm build failed:\n${build.stdout}\n${build.stderr}`);
  stack = await startStack({ compiled: true });
}, 360_000);
afterAll(async () => {
  for (const child of started) child.kill('SIGKILL');
  await stack?.stop();
});

/** Command lines of every process in the group of a managed child (its guard shell, pnpm, sh, node). */
async function commandLinesOfGroup(groupId: number): Promise<string[]> {
  const lines: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command name, which is in brackets and may hold spaces: state, ppid, pgrp, …
    const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    if (pgrp !== groupId) continue;
    lines.push((await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' '));
  }
  return lines;
}

/** `node apps/api/dist/main.js` directly, so a signal reaches the API itself (pnpm does not forward it). */
function startCompiledApi(env: Record<string, string>) {
  const child = spawn(process.execPath, ['apps/api/dist/main.js'], {
    cwd: repoRoot,
    env: { ...process.env, ...env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, output: () => output };
}

describe('the compiled apps (pnpm build, then pnpm start:api and pnpm start:worker)', () => {
  it('run from dist/ with plain node, no tsx, and mail the technician of a new request', async () => {
    for (const app of [stack.api, stack.worker]) {
      const commands = await commandLinesOfGroup(app.pid);
      expect(commands.some((line) => /node .*dist\/main\.js/.test(line))).toBe(true);
      expect(commands.filter((line) => line.includes('tsx'))).toEqual([]);
    }

    const employee = stack.seed.users.find((u) => u.role === 'employee');
    const team = stack.seed.teams[0];
    const equipment = stack.seed.equipment[0];
    const technician = stack.seed.users.find((u) => u.id === team?.members[0]);
    if (!employee || !team || !equipment || !technician)
      throw new Error('seed data is not what this test expects');
    let token: string | null = null;
    const client = createClient({ url: stack.apiUrl, token: () => token });
    token = (await client.auth.login.mutate({ email: employee.email, password: employee.password })).token;
    const request = await client.requests.create.mutate({
      subject: 'Compiled worker renders this mail',
      type: 'corrective',
      equipment: equipment.id,
      maintenanceTeam: team.id,
      assignedTechnician: technician.id,
    });

    const sink = new MailSinkClient(inject('services').mailSinkUrl);
    const [mail] = await sink.waitFor((mails) => mails.filter((m) => m.text?.includes(request.id)), {
      to: technician.email,
      timeoutMs: 30_000,
    });
    expect(mail?.subject).toBe('[Corrective] New maintenance request: Compiled worker renders this mail');
    expect(mail?.html).toContain(equipment.serialNumber);
  });

  it('run pnpm ops from dist/ too', async () => {
    const result = await runCapture(process.execPath, ['apps/ops/dist/ops.js', 'status', '--json'], {
      cwd: repoRoot,
      env: { ...process.env, ...stack.env, NODE_OPTIONS: '' },
      timeoutMs: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
  });

  it('on SIGTERM, let a request in flight on a keep-alive connection finish, close that connection and exit', async () => {
    const port = await getPort();
    const api = startCompiledApi({ ...stack.env, API_PORT: String(port), LOG_LEVEL: 'info' });
    await waitFor(
      async () => {
        if (api.child.exitCode !== null) throw new Error(`the API exited:\n${api.output()}`);
        return fetch(`http://127.0.0.1:${port}/readyz`).then(
          (response) => response.ok,
          () => false,
        );
      },
      () => `the compiled API to be ready:\n${api.output()}`,
      { timeoutMs: 60_000, intervalMs: 50 },
    );

    const employee = stack.seed.users.find((u) => u.role === 'employee');
    if (!employee) throw new Error('seed has no employee');
    const body = JSON.stringify({ email: employee.email, password: employee.password });
    // `expect: 100-continue`: the API answers "continue" once it has the request, so it is in flight for sure
    // when the signal comes; the body follows only after the API has begun to shut down.
    const login = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/trpc/auth.login',
      agent: new http.Agent({ keepAlive: true }),
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        expect: '100-continue',
      },
    });
    const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
      login.on('response', resolve);
      login.on('error', reject);
    });
    await once(login, 'continue');

    api.child.kill('SIGTERM');
    await waitFor(() => api.output().includes('SIGTERM: shutting down'), 'the API to begin its shutdown', {
      timeoutMs: 10_000,
      intervalMs: 10,
    });
    login.end(body);
    const response = await answered;
    let text = '';
    for await (const chunk of response) text += String(chunk);
    const respondedAt = performance.now();

    expect(response.statusCode).toBe(200);
    expect(response.headers.connection).toBe('close');
    expect(JSON.parse(text)).toMatchObject({ result: { data: { token: expect.any(String) } } });
    expect(await api.exited).toBe(0);
    // Node would hold a connection that stayed open after its response for its 5 s keep-alive timeout.
    expect(performance.now() - respondedAt).toBeLessThan(4_000);
    expect(api.output()).toContain('API stopped');
  });
});
