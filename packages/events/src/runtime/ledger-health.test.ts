import { describe, expect, it, vi } from 'vitest';
import { LedgerHealth } from './ledger-health.ts';

describe('LedgerHealth', () => {
  it('answers until a write fails, and again once one lands', async () => {
    const changes: boolean[] = [];
    const health = new LedgerHealth(1_000, (answering) => changes.push(answering));
    expect(health.answering()).toBe(true);
    await expect(health.track(() => Promise.reject(new Error('no primary')))).rejects.toThrow('no primary');
    expect(health.answering()).toBe(false);
    await health.track(() => Promise.resolve(1));
    expect(health.answering()).toBe(true);
    expect(changes).toEqual([false, true]);
  });

  it('does not answer while a write has waited longer than the stall time', async () => {
    vi.useFakeTimers();
    const changes: boolean[] = [];
    const health = new LedgerHealth(1_000, (answering) => changes.push(answering));
    let land: () => void = () => {};
    const write = health.track(() => new Promise<void>((resolve) => (land = resolve)));
    const now = Date.now();
    expect(health.answering(now + 999)).toBe(true);
    expect(health.answering(now + 1_500)).toBe(false);
    vi.advanceTimersByTime(1_001);
    expect(changes).toEqual([false]);
    land();
    await write;
    expect(health.answering(now + 1_500)).toBe(true);
    expect(changes).toEqual([false, true]);
    vi.useRealTimers();
  });
});
