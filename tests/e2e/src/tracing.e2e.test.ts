import { createClient } from '@fixstream/client';
import { MailSinkClient } from '@fixstream/dev-services';
import { waitFor } from '@fixstream/test-support';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { OtlpReceiver, type ReceivedSpan } from './otlp-receiver.ts';
import { type Stack, startStack } from './stack.ts';

let receiver: OtlpReceiver;
let stack: Stack;

beforeAll(async () => {
  receiver = await OtlpReceiver.start();
  stack = await startStack({
    // OTEL_BSP_SCHEDULE_DELAY is read by the SDK itself: batches leave after 100 ms instead of 5 s. Every call is
    // traced, not the API's default share of them.
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
    },
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

/** The seeded employee who asks, and the equipment, team and technician of a request that mails someone. */
function requestParties() {
  const employee = stack.seed.users.find((u) => u.role === 'employee');
  const team = stack.seed.teams.find((t) => t.name === 'Mechanical');
  const equipment = stack.seed.equipment.find((e) => e.name === 'CNC Mill 3000');
  const technician = stack.seed.users.find((u) => u.id === team?.members[0]);
  if (!employee || !team || !equipment || !technician)
    throw new Error('seed data is not what this test expects');
  return { employee, team, equipment, technician };
}

describe('tracing, end to end', () => {
  it('puts the procedure, the publish, the run and its SMTP send in one trace', async () => {
    const { employee, team, equipment, technician } = requestParties();
    let token: string | null = null;
    const client = createClient({ url: stack.apiUrl, token: () => token });
    token = (await client.auth.login.mutate({ email: employee.email, password: employee.password })).token;

    const request = await client.requests.create.mutate({
      subject: 'Traced: coolant pump leaks',
      type: 'corrective',
      equipment: equipment.id,
      maintenanceTeam: team.id,
      assignedTechnician: technician.id,
    });
    const sink = new MailSinkClient(inject('services').mailSinkUrl);
    await sink.waitFor((mails) => mails.filter((m) => m.text?.includes(request.id)), {
      to: technician.email,
      timeoutMs: 30_000,
    });

    const procedure = () =>
      receiver.spans.find((s) => s.name === 'requests.create' && s.attributes['trpc.code'] === 'OK');
    const inTrace = (name: string) => {
      const root = procedure();
      return root ? receiver.spans.find((s) => s.traceId === root.traceId && s.name === name) : undefined;
    };
    await waitFor(
      () =>
        inTrace('smtp send') !== undefined && inTrace('publish maintenance/request.created') !== undefined,
      () => `the trace's spans; received: ${receiver.spans.map((s) => `${s.service} ${s.name}`).join(', ')}`,
      { timeoutMs: 30_000, intervalMs: 50 },
    );

    const api = procedure() as ReceivedSpan;
    const publish = inTrace('publish maintenance/request.created') as ReceivedSpan;
    const run = inTrace('run send-request-notification') as ReceivedSpan;
    const smtp = inTrace('smtp send') as ReceivedSpan;
    expect(api).toMatchObject({
      service: 'fixstream-api',
      parentSpanId: '',
      attributes: { 'trpc.procedure': 'requests.create', 'trpc.type': 'mutation', 'trpc.code': 'OK' },
    });
    expect(publish).toMatchObject({ service: 'fixstream-api', parentSpanId: api.spanId });
    expect(run).toMatchObject({
      service: 'fixstream-worker',
      parentSpanId: api.spanId,
      attributes: {
        'fixstream.function.id': 'send-request-notification',
        'fixstream.run.attempt': 1,
      },
    });
    const eventId = run.attributes['fixstream.event.id'];
    expect(publish.attributes['fixstream.event.ids']).toContain(eventId);
    expect(run.attributes['fixstream.run.key']).toBe(`${eventId}.send-request-notification`);
    expect(smtp).toMatchObject({
      service: 'fixstream-worker',
      parentSpanId: run.spanId,
      attributes: { 'fixstream.mail.message_id': `<${eventId}.send-request-notification@fixstream.test>` },
    });
    expect(new Set([api, publish, run, smtp].map((s) => s.traceId)).size).toBe(1);
    expect(api.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('continues the trace of a caller that sends a traceparent, down to the SMTP send; ignores a malformed one', async () => {
    const { employee, team, equipment, technician } = requestParties();
    const { token } = await createClient({ url: stack.apiUrl }).auth.login.mutate({
      email: employee.email,
      password: employee.password,
    });
    const create = (subject: string, traceparent: string) =>
      fetch(`${stack.apiUrl}/trpc/requests.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, traceparent },
        body: JSON.stringify({
          subject,
          type: 'corrective',
          equipment: equipment.id,
          maintenanceTeam: team.id,
          assignedTechnician: technician.id,
        }),
      });
    const callerTraceId = '0af7651916cd43dd8448eb211c80319c';
    const callerSpanId = 'b7ad6b7169203331';
    expect((await create('Traced by a caller', `00-${callerTraceId}-${callerSpanId}-01`)).status).toBe(200);
    const inCallerTrace = (name: string) =>
      receiver.spans.find((s) => s.traceId === callerTraceId && s.name === name);
    await waitFor(
      () => inCallerTrace('smtp send') !== undefined,
      () =>
        `the caller's trace to reach the SMTP send; received: ${receiver.spans.map((s) => s.name).join(', ')}`,
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    const api = inCallerTrace('requests.create') as ReceivedSpan;
    expect(api).toMatchObject({ service: 'fixstream-api', parentSpanId: callerSpanId });
    expect(inCallerTrace('run send-request-notification')).toMatchObject({ parentSpanId: api.spanId });

    // Every root span of requests.create so far is in the receiver: the first test waited for its trace's end.
    const freshRoots = () =>
      receiver.spans.filter(
        (s) => s.name === 'requests.create' && s.traceId !== callerTraceId && s.parentSpanId === '',
      ).length;
    const rootsBefore = freshRoots();
    expect((await create('Malformed traceparent', `00-${callerTraceId}-${callerSpanId}-1`)).status).toBe(200);
    await waitFor(
      () => freshRoots() === rootsBefore + 1,
      'the root span of the call with a malformed header',
      {
        timeoutMs: 30_000,
        intervalMs: 50,
      },
    );
  });

  it('records the tRPC error code of a refused call', async () => {
    const anonymous = createClient({ url: stack.apiUrl });
    await expect(anonymous.requests.list.query({})).rejects.toThrow();
    await waitFor(() => receiver.spans.some((s) => s.name === 'requests.list'), 'the span of requests.list', {
      timeoutMs: 30_000,
      intervalMs: 50,
    });
    expect(receiver.spans.find((s) => s.name === 'requests.list')?.attributes).toMatchObject({
      'trpc.procedure': 'requests.list',
      'trpc.type': 'query',
      'trpc.code': 'UNAUTHORIZED',
    });
  });
});
