import { describe, expect, it } from 'vitest';
import { mailCapacity } from './mail-capacity.ts';

describe('mailCapacity', () => {
  it('runs WORKER_CONCURRENCY per function and says how many can queue for a connection', () => {
    const capacity = mailCapacity({ concurrency: 16, poolSize: 5, functions: 3 });
    expect(capacity.runsPerFunction).toBe(16);
    expect(capacity.retryBuffer).toBe(64);
    expect(capacity.message).toBe(
      'mail capacity: 5 SMTP connections, 16 runs per function; with all 3 functions busy, up to 43 runs queue for a connection, outside their timeout',
    );
  });

  it('says nothing of queueing when the pool serves every run at once', () => {
    const capacity = mailCapacity({ concurrency: 4, poolSize: 12, functions: 3 });
    expect(capacity.runsPerFunction).toBe(4);
    expect(capacity.message).toBe('mail capacity: 12 SMTP connections, 4 runs per function');
  });
});
