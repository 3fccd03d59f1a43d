import { describe, expect, it, vi } from 'vitest';
import { waitFor } from './wait-for.ts';

/** How a wait ended: the error it rejected with, or null. */
async function outcome(wait: Promise<void>): Promise<Error | null> {
  return wait.then(
    () => null,
    (error: Error) => error,
  );
}

describe('waitFor', () => {
  it('resolves as soon as a synchronous or asynchronous condition holds, checking every interval', async () => {
    let checks = 0;
    const started = Date.now();
    await waitFor(() => ++checks === 3, 'the third check', { intervalMs: 5 });
    expect(checks).toBe(3);
    expect(Date.now() - started).toBeLessThan(1_000);

    let asyncChecks = 0;
    await waitFor(async () => ++asyncChecks >= 2, 'the second check', { intervalMs: 5 });
    expect(asyncChecks).toBe(2);
  });

  it('checks once and does not wait when the condition already holds', async () => {
    let checks = 0;
    await waitFor(() => ++checks > 0, 'anything', { intervalMs: 60_000 });
    expect(checks).toBe(1);
  });

  it('fails after the timeout, naming what it waited for and the time it gave', async () => {
    const started = Date.now();
    const error = await outcome(waitFor(() => false, 'the mail', { timeoutMs: 100, intervalMs: 10 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(error?.message).toBe('timed out after 100 ms waiting for the mail');
  });

  it('describes the state at the moment of the timeout when given a function, synchronous or not', async () => {
    let arrived = 0;
    const count = () => {
      arrived += 1;
      return false;
    };
    const error = await outcome(
      waitFor(count, () => `10 mails (${arrived} arrived)`, { timeoutMs: 50, intervalMs: 10 }),
    );
    expect(error?.message).toBe(`timed out after 50 ms waiting for 10 mails (${arrived} arrived)`);
    expect(arrived).toBeGreaterThan(1);

    const asyncError = await outcome(
      waitFor(
        () => false,
        async () => 'an async description',
        { timeoutMs: 20, intervalMs: 5 },
      ),
    );
    expect(asyncError?.message).toBe('timed out after 20 ms waiting for an async description');
  });

  it('still reports the timeout when the description fails', async () => {
    const error = await outcome(
      waitFor(
        () => false,
        () => {
          throw new Error('no state');
        },
        { timeoutMs: 20, intervalMs: 5 },
      ),
    );
    expect(error?.message).toBe(
      'timed out after 20 ms waiting for (a condition whose description failed: no state)',
    );
  });

  it('ends at once with the error of a condition that throws or rejects', async () => {
    const started = Date.now();
    const thrown = await outcome(
      waitFor(
        () => {
          throw new Error('the worker exited');
        },
        'the worker',
        { timeoutMs: 60_000 },
      ),
    );
    expect(thrown?.message).toBe('the worker exited');
    const rejected = await outcome(waitFor(() => Promise.reject(new Error('job failed')), 'the job'));
    expect(rejected?.message).toBe('job failed');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('looks once more after the deadline before failing, so a change in the last interval still counts', async () => {
    vi.useFakeTimers();
    try {
      const started = Date.now();
      const checkedAt: number[] = [];
      const wait = waitFor(
        () => {
          checkedAt.push(Date.now() - started);
          return Date.now() - started >= 100;
        },
        'a late change',
        { timeoutMs: 100, intervalMs: 30 },
      );
      await vi.advanceTimersByTimeAsync(500);
      expect(await outcome(wait)).toBeNull();
      expect(checkedAt).toEqual([0, 30, 60, 90, 120]);
    } finally {
      vi.useRealTimers();
    }
  });
});
