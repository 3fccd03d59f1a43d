import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from './prometheus-text.ts';

describe('parsePrometheusText', () => {
  const samples = parsePrometheusText(
    [
      '# HELP fixstream_runs_total Runs',
      '# TYPE fixstream_runs_total counter',
      'fixstream_runs_total{function="send-request-notification",outcome="succeeded"} 3',
      'fixstream_stream_lag{event="maintenance/request.created",group="a \\"b\\""} 0',
      'process_cpu_seconds_total 0.25',
      '',
    ].join('\n'),
  );

  it('reads names, labels and values, whatever the label order asked for', () => {
    expect(sampleValue(samples, 'fixstream_runs_total', { outcome: 'succeeded' })).toBe(3);
    expect(sampleValue(samples, 'fixstream_stream_lag', { group: 'a "b"' })).toBe(0);
    expect(sampleValue(samples, 'process_cpu_seconds_total')).toBe(0.25);
    expect(sampleValue(samples, 'fixstream_runs_total', { outcome: 'dead' })).toBeUndefined();
  });
});
