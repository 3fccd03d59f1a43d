import { trace } from '@opentelemetry/api';
import type { ApiDeps } from '../../../apps/api/src/deps.ts';
import { callDeps } from '../../../apps/api/src/trpc/call-deps.ts';
import { inProcedureSpan } from '../../../apps/api/src/trpc/procedure-span.ts';
import { inPublishSpan } from '../../../packages/events/src/tracing/publish-span.ts';
import { nowMs } from '../stats/now-ms.ts';

const ok = { ok: true } as const;
const call = { path: 'requests.create', type: 'mutation', parent: {} };
const publish = async () => ok;

const deps = { trace: {} } as ApiDeps;
/** What `requests.create` runs of the tracing code with no SDK: its procedure span, the call's deps, the publish span. */
const traced = () =>
  inProcedureSpan(call, async (span) => {
    callDeps(deps, span);
    await inPublishSpan([], { republished: false }, publish);
    return ok;
  });
/** The same awaits without the tracing calls. */
const plain = async () => {
  await publish();
  return ok;
};

/**
 * Microseconds the tracing code costs one `requests.create` when tracing is off: the API's own span helpers with
 * `@opentelemetry/api`'s no-op tracer (no SDK is registered in the bench process, as in an API without an
 * endpoint), timed against the same awaits without them, in alternating chunks. A load run cannot resolve a cost
 * this small against its noise, hence a loop; the API always carries this code, so no process measures without it.
 */
export async function noopTracingCostUs(iterations: number): Promise<number> {
  const probe = trace.getTracer('@fixstream/bench').startSpan('probe');
  const recording = probe.isRecording();
  probe.end();
  if (recording)
    throw new Error(
      'an OpenTelemetry SDK is registered in the bench process: the no-op cost cannot be measured',
    );
  const chunk = 5_000;
  let tracedMs = 0;
  let plainMs = 0;
  for (const fn of [traced, plain]) for (let i = 0; i < chunk; i++) await fn();
  for (let done = 0; done < iterations; done += chunk) {
    let started = nowMs();
    for (let i = 0; i < chunk; i++) await traced();
    tracedMs += nowMs() - started;
    started = nowMs();
    for (let i = 0; i < chunk; i++) await plain();
    plainMs += nowMs() - started;
  }
  return ((tracedMs - plainMs) * 1000) / iterations;
}
