import { parsePrometheusText, sampleValue } from '@fixstream/test-support';
import { describe, expect, it } from 'vitest';
import { streamStateCollector } from './stream-state.collector.ts';
import { createWorkerMetrics } from './worker-metrics.registry.ts';

const event = 'maintenance/request.created';

/** XINFO GROUPS as Redis flattens it: one group, its fields and values in a row. */
const groupReply = [
  ['name', 'send-request-notification', 'consumers', 1, 'pending', 2, 'last-delivered-id', '1-0', 'lag', 3],
];

function fakeRedis(answer: boolean) {
  const calls = { xinfo: 0 };
  const never = new Promise<never>(() => {});
  const redis = {
    xinfo: async () => {
      calls.xinfo++;
      return answer ? groupReply : never;
    },
    zcard: async () => (answer ? 4 : never),
    xlen: async () => (answer ? 5 : never),
  };
  return { redis: redis as never, calls };
}

async function samplesOf(metrics: ReturnType<typeof createWorkerMetrics>) {
  return parsePrometheusText(await metrics.registry.metrics());
}

describe('streamStateCollector', () => {
  it('sets lag, pending, timers and dead letters from one read', async () => {
    const metrics = createWorkerMetrics();
    const { redis } = fakeRedis(true);
    await streamStateCollector({ redis, prefix: 'p:', eventNames: [event], timeoutMs: 1_000 }, metrics)();
    const samples = await samplesOf(metrics);
    const group = { event, group: 'send-request-notification' };
    expect(sampleValue(samples, 'fixstream_stream_lag', group)).toBe(3);
    expect(sampleValue(samples, 'fixstream_stream_pending', group)).toBe(2);
    expect(sampleValue(samples, 'fixstream_timers_waiting', { event })).toBe(4);
    expect(sampleValue(samples, 'fixstream_dead_letter_stream_length', { function: group.group })).toBe(5);
    expect(sampleValue(samples, 'fixstream_stream_state_up')).toBe(1);
  });

  it('gives up on a Redis that does not answer, leaves the gauges out and sends no second read meanwhile', async () => {
    const metrics = createWorkerMetrics();
    const { redis, calls } = fakeRedis(false);
    const collect = streamStateCollector(
      { redis, prefix: 'p:', eventNames: [event], timeoutMs: 20 },
      metrics,
    );
    await collect();
    await collect();
    const samples = await samplesOf(metrics);
    expect(sampleValue(samples, 'fixstream_stream_state_up')).toBe(0);
    expect(samples.some((s) => s.name === 'fixstream_stream_pending')).toBe(false);
    expect(calls.xinfo).toBe(1);
  });
});
