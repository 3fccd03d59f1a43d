import { describe, expect, it } from 'vitest';
import { mailCapacity } from './mail-capacity.ts';

describe('mailCapacity', () => {
  it('caps runs per function at the pool size and says so', () => {
    const capacity = mailCapacity({ concurrency: 16, poolSize: 5, functions: 3 });
    expect(capacity.runsPerFunction).toBe(5);
    expect(capacity.retryBuffer).toBe(64);
    expect(capacity.message).toContain('WORKER_CONCURRENCY=16 capped at MAIL_POOL_SIZE');
    expect(capacity.message).toContain('up to 10 runs wait for a connection (MAIL_POOL_SIZE=15 avoids that)');
  });

  it('keeps a concurrency the pool can serve for every function at once', () => {
    const capacity = mailCapacity({ concurrency: 4, poolSize: 12, functions: 3 });
    expect(capacity.runsPerFunction).toBe(4);
    expect(capacity.message).toBe('mail capacity: 12 SMTP connections, 4 runs per function');
  });

  it('runs one at a time on a single connection', () => {
    expect(mailCapacity({ concurrency: 16, poolSize: 1, functions: 3 }).runsPerFunction).toBe(1);
  });
});
