import { createClient } from '@fixstream/client';
import { runCapture } from '@fixstream/dev-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, type Stack, startStack } from './stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

describe('examples/typed-client', () => {
  it('runs as documented against a seeded API: signs in, creates a request, lists requests', async () => {
    const run = await runCapture('pnpm', ['--dir', 'examples/typed-client', 'start'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, FIXSTREAM_API_URL: stack.apiUrl },
      timeoutMs: 60_000,
    });
    expect(run.code, `${run.stderr}\n${run.stdout}`).toBe(0);
    expect(run.stdout).toContain('Signed in as Erin Employee (employee).');
    const id = /Created request ([0-9a-f]{24}) \(new\)/.exec(run.stdout)?.[1];
    if (!id) throw new Error(`the example printed no request id:\n${run.stdout}`);
    expect(run.stdout).toMatch(new RegExp(`Latest requests:\\n  ${id}  new`));

    const employee = stack.seed.users.find((user) => user.role === 'employee');
    if (!employee) throw new Error('the seed has no employee');
    let token: string | null = null;
    const api = createClient({ url: stack.apiUrl, token: () => token });
    token = (await api.auth.login.mutate({ email: employee.email, password: employee.password })).token;
    const request = await api.requests.byId.query({ id });
    const equipment = await api.equipment.byId.query({ id: request.equipment });
    expect(request.maintenanceTeam).toBe(equipment.team);
    expect(request.assignedTechnician).toBe(equipment.defaultTechnician);
    expect(request.requestedBy).toBe(employee.id);
  }, 90_000);

  it('says what went wrong, with the API error code, and exits non-zero', async () => {
    const run = await runCapture('pnpm', ['--dir', 'examples/typed-client', 'start'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        FIXSTREAM_API_URL: stack.apiUrl,
        FIXSTREAM_PASSWORD: 'not-the-password',
      },
      timeoutMs: 60_000,
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('UNAUTHORIZED: Email or password is incorrect');
  }, 90_000);
});
