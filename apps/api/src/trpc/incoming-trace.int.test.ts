import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutboxEvent } from '@fixstream/run-storage';
import { waitFor } from '@fixstream/test-support';
import { registerTracerProvider } from '@fixstream/tracing/sdk';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../server.ts';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';

// Registered as main.ts registers it (no context manager: the call's trace context travels in its deps), with its
// default sampler at a ratio of 0, so that only a caller's decision records a span and every test is deterministic.
const exporter = new InMemorySpanExporter();
const stopTracing = registerTracerProvider({
  serviceName: 'fixstream-api',
  asyncContext: false,
  sampler: { defaultRatio: 0 },
  spanProcessor: new SimpleSpanProcessor(exporter),
});

let api: TestApi;
let acme: CompanyFixture;
let server: Server;
let base: string;

beforeAll(async () => {
  api = await createTestApi();
  acme = await createCompanyFixture(api, 'Acme');
  server = createServer(api.deps, {}).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await api.close();
  await stopTracing();
});

const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const callerSpanId = '00f067aa0ba902b7';

/** Calls a mutation with the given headers and answers the id of the request it made or changed. */
async function mutate(path: string, token: string, input: unknown, headers: Record<string, string>) {
  const response = await fetch(`${base}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(input),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: { data: { id: string } } }).result.data.id;
}

const createWith = (headers: Record<string, string>, subject: string) =>
  mutate(
    'requests.create',
    acme.employee.token,
    {
      subject,
      type: 'corrective',
      equipment: acme.equipmentId,
      maintenanceTeam: acme.teamId,
      assignedTechnician: acme.technician.id,
    },
    headers,
  );

/** The newest event in the request's outbox, as stored with the request. */
async function lastEventOf(requestId: string): Promise<OutboxEvent> {
  const stored = await api.db.models.Request.findById(requestId, { outbox: 1 }).lean();
  const event = stored?.outbox?.at(-1);
  if (!event) throw new Error(`request ${requestId} holds no event`);
  return event;
}

/** The first finished span `matches` accepts, once there is one. */
async function finishedSpan(matches: (span: ReadableSpan) => boolean, what: string): Promise<ReadableSpan> {
  const find = () => exporter.getFinishedSpans().find(matches);
  await waitFor(() => find() !== undefined, what);
  return find() as ReadableSpan;
}

/** The span named `name` whose span id the event's traceparent names: the call that wrote the event. */
const spanNamedIn = (event: OutboxEvent, name: string) =>
  finishedSpan(
    (span) => span.name === name && event.traceparent?.includes(`-${span.spanContext().spanId}-`) === true,
    `the span ${name} of the event ${event.id}`,
  );

const publishSpanOf = (call: ReadableSpan) =>
  finishedSpan(
    (span) =>
      span.name.startsWith('publish ') && span.parentSpanContext?.spanId === call.spanContext().spanId,
    `the publish span under ${call.name}`,
  );

describe('a traceparent header on a request to the API', () => {
  it("makes the call's span a child of the caller's, and its event and publish continue the caller's trace", async () => {
    const event = await lastEventOf(
      await createWith(
        { traceparent: `00-${callerTraceId}-${callerSpanId}-01`, tracestate: 'congo=t61rcWkgMzE' },
        'Traced by the caller',
      ),
    );
    const call = await spanNamedIn(event, 'requests.create');
    expect(call.spanContext().traceId).toBe(callerTraceId);
    expect(call.parentSpanContext).toMatchObject({
      traceId: callerTraceId,
      spanId: callerSpanId,
      isRemote: true,
    });
    expect(event.traceparent).toBe(`00-${callerTraceId}-${call.spanContext().spanId}-01`);
    expect(event.tracestate).toBe('congo=t61rcWkgMzE');
    expect((await publishSpanOf(call)).spanContext().traceId).toBe(callerTraceId);
  });

  it('hands the trace to the event of a change as well', async () => {
    const id = await createWith({}, 'Changed by a traced caller');
    const traceparent = `00-${callerTraceId}-${callerSpanId}-01`;
    await mutate(
      'requests.updateStatus',
      acme.technician.token,
      { id, status: 'in_progress' },
      { traceparent },
    );
    const event = await lastEventOf(id);
    expect(event.name).toBe('maintenance/request.status-changed');
    const call = await spanNamedIn(event, 'requests.updateStatus');
    expect(call.parentSpanContext?.spanId).toBe(callerSpanId);
    expect((await publishSpanOf(call)).name).toBe('publish maintenance/request.status-changed');
  });

  it('starts a new trace when the header is malformed, and still answers', async () => {
    const before = exporter.getFinishedSpans().length;
    const event = await lastEventOf(
      await createWith(
        {
          traceparent: `00-${callerTraceId.toUpperCase()}-${callerSpanId}-01`,
          tracestate: 'congo=t61rcWkgMzE',
        },
        'Malformed traceparent',
      ),
    );
    // A root call, which this sampler never records: the event carries a trace of its own, unsampled.
    expect(event.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(event.traceparent).not.toContain(callerTraceId);
    expect(event.tracestate).toBeUndefined();
    expect(exporter.getFinishedSpans().length).toBe(before);
  });

  it("follows the caller's decision not to sample: no span, and the event carries the trace unsampled", async () => {
    const before = exporter.getFinishedSpans().length;
    const event = await lastEventOf(
      await createWith(
        { traceparent: `00-${callerTraceId}-${callerSpanId}-00` },
        'Not sampled by the caller',
      ),
    );
    expect(event.traceparent).toMatch(new RegExp(`^00-${callerTraceId}-[0-9a-f]{16}-00$`));
    expect(event.traceparent).not.toContain(callerSpanId);
    // The call's span would have ended before its answer was sent.
    expect(
      exporter
        .getFinishedSpans()
        .slice(before)
        .map((span) => span.name),
    ).not.toContain('requests.create');
  });
});
