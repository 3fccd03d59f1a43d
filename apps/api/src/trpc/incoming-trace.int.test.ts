import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@fixstream/test-support';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../server.ts';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();

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
  await provider.shutdown();
});

const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const callerSpanId = '00f067aa0ba902b7';

/** Creates a request with the given trace headers; answers the stored event's trace fields and the call's span. */
async function createWith(headers: Record<string, string>, subject: string) {
  const response = await fetch(`${base}/trpc/requests.create`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${acme.employee.token}`,
      ...headers,
    },
    body: JSON.stringify({
      subject,
      type: 'corrective',
      equipment: acme.equipmentId,
      maintenanceTeam: acme.teamId,
      assignedTechnician: acme.technician.id,
    }),
  });
  expect(response.status).toBe(200);
  const { id } = ((await response.json()) as { result: { data: { id: string } } }).result.data;
  const stored = await api.db.models.Request.findById(id, { outbox: 1 }).lean();
  const event = stored?.outbox?.[0];
  if (!event) throw new Error(`request ${id} holds no event`);
  const spanOf = (e: typeof event) =>
    exporter
      .getFinishedSpans()
      .find((span) => span.name === 'requests.create' && e.traceparent?.includes(span.spanContext().spanId));
  return { event, span: () => spanOf(event) };
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext;

describe('a traceparent header on a request to the API', () => {
  it("makes the call's span a child of the caller's and its event continue the caller's trace", async () => {
    const { event, span } = await createWith(
      { traceparent: `00-${callerTraceId}-${callerSpanId}-01`, tracestate: 'congo=t61rcWkgMzE' },
      'Traced by the caller',
    );
    await waitFor(() => span() !== undefined, 'the span of requests.create');
    const call = span() as ReadableSpan;
    expect(call.spanContext().traceId).toBe(callerTraceId);
    expect(parentOf(call)).toMatchObject({ traceId: callerTraceId, spanId: callerSpanId, isRemote: true });
    expect(event.traceparent).toBe(`00-${callerTraceId}-${call.spanContext().spanId}-01`);
    expect(event.tracestate).toBe('congo=t61rcWkgMzE');
  });

  it('starts a new trace when the header is malformed, and still answers', async () => {
    const { event, span } = await createWith(
      {
        traceparent: `00-${callerTraceId.toUpperCase()}-${callerSpanId}-01`,
        tracestate: 'congo=t61rcWkgMzE',
      },
      'Malformed traceparent',
    );
    await waitFor(() => span() !== undefined, 'the span of requests.create');
    const call = span() as ReadableSpan;
    expect(call.spanContext().traceId).not.toBe(callerTraceId);
    expect(parentOf(call)).toBeUndefined();
    expect(event.traceparent).toBe(`00-${call.spanContext().traceId}-${call.spanContext().spanId}-01`);
    expect(event.tracestate).toBeUndefined();
  });

  it("follows the caller's decision not to sample: no span, and the event carries the trace unsampled", async () => {
    const before = exporter.getFinishedSpans().length;
    const { event } = await createWith(
      { traceparent: `00-${callerTraceId}-${callerSpanId}-00` },
      'Not sampled by the caller',
    );
    expect(event.traceparent).toMatch(new RegExp(`^00-${callerTraceId}-[0-9a-f]{16}-00$`));
    expect(event.traceparent).not.toContain(callerSpanId);
    expect(
      exporter
        .getFinishedSpans()
        .slice(before)
        .map((s) => s.name),
    ).not.toContain('requests.create');
  });
});
