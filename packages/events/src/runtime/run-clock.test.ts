import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunClock } from './run-clock.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function expiredBy(clock: RunClock): Promise<boolean> {
  let expired = false;
  void clock.expired.then(() => {
    expired = true;
  });
  await vi.advanceTimersByTimeAsync(0);
  return expired;
}

describe('RunClock', () => {
  it('expires after the run has spent its timeout', async () => {
    const clock = new RunClock(1_000);
    await vi.advanceTimersByTimeAsync(999);
    expect(await expiredBy(clock)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await expiredBy(clock)).toBe(true);
  });

  it('stands still while the run waits outside it, also for overlapping waits', async () => {
    const clock = new RunClock(1_000);
    await vi.advanceTimersByTimeAsync(400);
    let grant: () => void = () => {};
    let grantOther: () => void = () => {};
    const wait = clock.outside(new Promise<void>((resolve) => (grant = resolve)));
    const other = clock.outside(new Promise<void>((resolve) => (grantOther = resolve)));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await expiredBy(clock)).toBe(false);
    grant();
    await wait;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await expiredBy(clock)).toBe(false);
    grantOther();
    await other;
    await vi.advanceTimersByTimeAsync(599);
    expect(await expiredBy(clock)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await expiredBy(clock)).toBe(true);
  });

  it('passes on what the wait gives or throws', async () => {
    const clock = new RunClock(1_000);
    await expect(clock.outside(Promise.resolve(7))).resolves.toBe(7);
    await expect(clock.outside(Promise.reject(new Error('aborted')))).rejects.toThrow('aborted');
    clock.stop();
  });

  it('never expires once stopped', async () => {
    const clock = new RunClock(1_000);
    clock.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await expiredBy(clock)).toBe(false);
  });
});
