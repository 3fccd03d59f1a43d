import { createHash } from 'node:crypto';
import { ROOT_CONTEXT, SamplingDecision, SpanKind, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { samplerOf } from './sdk-sampler.ts';

const sampledParent = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: 1,
  isRemote: true,
});

/** The share of `count` root spans the sampler records, their trace ids spread as random ones but fixed. */
function rootShare(sampler: ReturnType<typeof samplerOf>, count = 4_000): number {
  let recorded = 0;
  for (let i = 0; i < count; i++) {
    const traceId = createHash('md5').update(`trace ${i}`).digest('hex');
    const result = sampler.shouldSample(ROOT_CONTEXT, traceId, 'call', SpanKind.SERVER, {}, []);
    if (result.decision === SamplingDecision.RECORD_AND_SAMPLED) recorded++;
  }
  return recorded / count;
}

describe('samplerOf', () => {
  it('samples roots at the default ratio and always follows a sampled parent', () => {
    const sampler = samplerOf({ defaultRatio: 0.1 });
    expect(rootShare(sampler)).toBeGreaterThan(0.05);
    expect(rootShare(sampler)).toBeLessThan(0.15);
    const child = sampler.shouldSample(
      sampledParent,
      '4bf92f3577b34da6a3ce929d0e0e4736',
      'call',
      SpanKind.SERVER,
      {},
      [],
    );
    expect(child.decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('samples every root without a default ratio', () => {
    expect(rootShare(samplerOf({}), 100)).toBe(1);
  });

  it("takes the operator's sampler and ratio over the app's default", () => {
    expect(rootShare(samplerOf({ name: 'parentbased_always_on', defaultRatio: 0.1 }), 100)).toBe(1);
    expect(rootShare(samplerOf({ name: 'always_off', defaultRatio: 0.1 }), 100)).toBe(0);
    expect(samplerOf({ name: 'parentbased_traceidratio', arg: 0.5 }).toString()).toContain('0.5');
    expect(samplerOf({ name: 'traceidratio' }).toString()).toContain('1');
    expect(() => samplerOf({ name: 'jaeger_remote' })).toThrow(/unknown OTEL_TRACES_SAMPLER/);
  });
});
