import { createClient } from '@fixstream/client';
import { MailSinkClient } from '@fixstream/dev-services';
import { waitFor } from '@fixstream/test-support';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { OtlpReceiver } from './otlp-receiver.ts';
import { type Stack, startStack } from './stack.ts';

let receiver: OtlpReceiver;
let stack: Stack | null = null;

beforeAll(async () => {
  receiver = await OtlpReceiver.start();
  stack = await startStack({
    // Batches would leave only after 10 minutes: whatever arrives before that was flushed by the shutdown. Every
    // call is traced, not the API's default share of them.
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '600000',
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
    },
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

describe('tracing on shutdown', () => {
  it('exports the spans the apps still hold when they stop gracefully', async () => {
    if (!stack) throw new Error('no stack');
    const employee = stack.seed.users.find((u) => u.role === 'employee');
    const equipment = stack.seed.equipment[0];
    const team = stack.seed.teams.find((t) => t.name === 'Mechanical');
    const technician = stack.seed.users.find((u) => u.id === team?.members[0]);
    if (!employee || !equipment || !team || !technician)
      throw new Error('seed data is not what this test expects');
    let token: string | null = null;
    const client = createClient({ url: stack.apiUrl, token: () => token });
    token = (await client.auth.login.mutate({ email: employee.email, password: employee.password })).token;
    const request = await client.requests.create.mutate({
      subject: 'Traced until shutdown',
      type: 'corrective',
      equipment: equipment.id,
      maintenanceTeam: team.id,
      assignedTechnician: technician.id,
    });
    await new MailSinkClient(inject('services').mailSinkUrl).waitFor(
      (mails) => mails.filter((m) => m.text?.includes(request.id)),
      { to: technician.email, timeoutMs: 30_000 },
    );
    expect(receiver.spans).toEqual([]);

    await stack.stop();
    stack = null;
    await waitFor(
      () =>
        ['requests.create', 'run send-request-notification', 'smtp send'].every((name) =>
          receiver.spans.some((span) => span.name === name),
        ),
      () => `the held spans; received: ${receiver.spans.map((s) => s.name).join(', ')}`,
      { timeoutMs: 10_000, intervalMs: 50 },
    );
  });
});
