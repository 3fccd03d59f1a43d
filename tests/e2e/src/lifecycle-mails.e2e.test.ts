import { createClient } from '@fixstream/client';
import { MailSinkClient, type StoredMail } from '@fixstream/dev-services';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Stack, startStack } from './stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

function seeded(email: string) {
  const user = stack.seed.users.find((u) => u.email === email);
  if (!user) throw new Error(`seed has no ${email}`);
  return user;
}

async function signedIn(email: string) {
  const user = seeded(email);
  let token: string | null = null;
  const client = createClient({ url: stack.apiUrl, token: () => token });
  token = (await client.auth.login.mutate({ email: user.email, password: user.password })).token;
  return client;
}

describe('status changes and reassignments, end to end through the worker', () => {
  it('mails the requester when the request moves on, and the new technician when it is reassigned', async () => {
    const employee = await signedIn('employee@acme.example');
    const tara = await signedIn('tara@acme.example');
    const manager = await signedIn('manager@acme.example');
    const team = stack.seed.teams.find((t) => t.name === 'Mechanical');
    const equipment = stack.seed.equipment.find((e) => e.name === 'Air Compressor AC-75');
    if (!team || !equipment) throw new Error('seed data is not what this test expects');
    const request = await employee.requests.create.mutate({
      subject: 'Compressor trips the breaker',
      type: 'corrective',
      equipment: equipment.id,
      maintenanceTeam: team.id,
      assignedTechnician: seeded('tara@acme.example').id,
    });
    await tara.requests.updateStatus.mutate({ id: request.id, status: 'in_progress' });
    await manager.requests.assign.mutate({ id: request.id, technicianId: seeded('tomas@acme.example').id });

    const sink = new MailSinkClient(inject('services').mailSinkUrl);
    const mentions = (mails: StoredMail[]) => mails.filter((m) => m.text?.includes(request.id));
    const [statusMail] = await sink.waitFor(mentions, { to: 'employee@acme.example', timeoutMs: 30_000 });
    expect(statusMail?.subject).toBe('[In progress] Compressor trips the breaker');
    expect(statusMail?.text).toContain('Tara Torque');
    expect(statusMail?.messageId).toMatch(/\.send-status-update@fixstream\.test>$/);

    const [assignedMail] = await sink.waitFor(mentions, { to: 'tomas@acme.example', timeoutMs: 30_000 });
    expect(assignedMail?.subject).toBe('[Corrective] Assigned to you: Compressor trips the breaker');
    for (const part of [assignedMail?.html ?? '', assignedMail?.text ?? '']) {
      expect(part).toContain('Marco Manager');
      expect(part).toContain('Tara Torque');
      expect(part).toContain(equipment.serialNumber);
    }
  });
});
