import { createClient, isTRPCClientError } from '@fixstream/client';
import { connectDatabase } from '@fixstream/db';
import { MailSinkClient } from '@fixstream/dev-services';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Stack, startStack } from './stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

function userByRole(role: string) {
  const user = stack.seed.users.find((u) => u.role === role);
  if (!user) throw new Error(`seed has no ${role}`);
  return user;
}

describe('the seed flow, end to end', () => {
  it('emails the assigned technician when a request is created through the typed client', async () => {
    const employee = userByRole('employee');
    let token: string | null = null;
    const client = createClient({ url: stack.apiUrl, token: () => token });

    const session = await client.auth.login.mutate({ email: employee.email, password: employee.password });
    token = session.token;
    expect((await client.auth.me.query()).email).toBe(employee.email);

    const team = stack.seed.teams.find((t) => t.name === 'Mechanical');
    const equipment = stack.seed.equipment.find((e) => e.name === 'CNC Mill 3000');
    const technician = stack.seed.users.find((u) => u.id === team?.members[0]);
    if (!team || !equipment || !technician) throw new Error('seed data is not what this test expects');

    const request = await client.requests.create.mutate({
      subject: 'Spindle vibrates above 8000 rpm',
      type: 'preventive',
      equipment: equipment.id,
      maintenanceTeam: team.id,
      assignedTechnician: technician.id,
      priority: 3,
    });
    expect(request.status).toBe('new');

    const sink = new MailSinkClient(inject('services').mailSinkUrl);
    const [mail] = await sink.waitFor((mails) => mails.filter((m) => m.text?.includes(request.id)), {
      to: technician.email,
      timeoutMs: 30_000,
    });
    if (!mail) throw new Error('no mail');
    expect(mail.to).toEqual([technician.email]);
    expect(mail.subject).toBe('[Preventive] New maintenance request: Spindle vibrates above 8000 rpm');
    expect(mail.messageId).toMatch(/^<[\w-]+\.send-request-notification@fixstream\.test>$/);
    for (const part of [mail.html ?? '', mail.text ?? '']) {
      expect(part).toContain('Spindle vibrates above 8000 rpm');
      expect(part).toContain(equipment.serialNumber);
      expect(part).toContain(equipment.name);
      expect(part).toContain('Preventive');
      expect(part).toContain(request.id);
      expect(part).toContain(employee.name);
      expect(part).toContain(equipment.location);
    }
  });

  it('finds a new request by its subject at once, through the search terms written with it', async () => {
    const employee = userByRole('employee');
    const session = await createClient({ url: stack.apiUrl }).auth.login.mutate({
      email: employee.email,
      password: employee.password,
    });
    const client = createClient({ url: stack.apiUrl, token: () => session.token });
    const team = stack.seed.teams.find((t) => t.name === 'Mechanical');
    const equipment = stack.seed.equipment.find((e) => e.name === 'CNC Mill 3000');
    if (!team?.members[0] || !equipment) throw new Error('seed data is not what this test expects');
    const request = await client.requests.create.mutate({
      subject: 'Coolant nozzle clogged',
      type: 'corrective',
      equipment: equipment.id,
      maintenanceTeam: team.id,
      assignedTechnician: team.members[0],
      priority: 1,
    });
    const found = await client.requests.list.query({ search: 'coolant nozz' });
    expect(found.items.map((item) => item.id)).toEqual([request.id]);

    const db = await connectDatabase(stack.env.MONGODB_URI ?? '');
    try {
      const terms = await db.models.RequestSearchTerm.distinct('term', { request: request.id });
      expect(terms.sort()).toEqual(
        ['co', 'cl', 'clog', 'clogge', 'cool', 'coolan', 'no', 'nozz', 'nozzle', '~new'].sort(),
      );
    } finally {
      await db.close();
    }
  });

  it('answers errors with tRPC codes over HTTP', async () => {
    const anonymous = createClient({ url: stack.apiUrl });
    const error = await anonymous.requests.list.query({}).catch((e: unknown) => e);
    expect(isTRPCClientError(error) && error.data?.httpStatus).toBe(401);

    const response = await fetch(`${stack.apiUrl}/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'x@y.example', password: 'nope' }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toBe('Email or password is incorrect');
  });
});
