import { describe, expect, it } from 'vitest';
import { isRunSleeping, type RunSleeping } from './run-sleeping.ts';
import type { StepRecord, StepStore } from './step-store.ts';
import { createStepTools } from './step-tools.ts';

/** Steps in memory, first record wins, as the MongoDB store behaves. */
function memoryStore(): Pick<StepStore, 'load' | 'save'> & { records: Map<string, StepRecord> } {
  const records = new Map<string, StepRecord>();
  return {
    records,
    async load(runKey) {
      const prefix = `${runKey}/`;
      return new Map(
        [...records].filter(([id]) => id.startsWith(prefix)).map(([id, r]) => [id.slice(prefix.length), r]),
      );
    },
    async save(runKey, name, record) {
      const id = `${runKey}/${name}`;
      const first = records.get(id) ?? record;
      records.set(id, first);
      return first;
    },
  };
}

describe('step tools', () => {
  it('runs each step once across attempts and hands later attempts the recorded result', async () => {
    const store = memoryStore();
    const calls: string[] = [];
    const attempt = async (failAt: string | null) => {
      const step = createStepTools({ runKey: 'e1.fn', store });
      const a = await step.run('load', async () => {
        calls.push('load');
        return { n: 1, at: new Date(0) };
      });
      if (failAt === 'between') throw new Error('boom');
      const b = await step.run('send', async () => {
        calls.push('send');
        return a.n + 1;
      });
      return b;
    };
    await expect(attempt('between')).rejects.toThrow('boom');
    expect(await attempt(null)).toBe(2);
    expect(await attempt(null)).toBe(2);
    expect(calls).toEqual(['load', 'send']);
  });

  it('names a step used again in one attempt name#2, name#3, in call order', async () => {
    const store = memoryStore();
    const step = createStepTools({ runKey: 'e1.fn', store });
    for (const n of [1, 2, 3]) await step.run('mail', async () => n);
    expect([...store.records.keys()]).toEqual(['e1.fn/mail', 'e1.fn/mail#2', 'e1.fn/mail#3']);
  });

  it('sleeps until the time recorded when the sleep was first reached, then goes on', async () => {
    const store = memoryStore();
    let clock = new Date('2026-01-01T00:00:00Z');
    const attempt = () => {
      const step = createStepTools({ runKey: 'e1.fn', store, now: () => clock });
      return step.sleep('wait-a-day', 86_400_000);
    };
    const first = await attempt().catch((error: unknown) => error);
    expect(isRunSleeping(first)).toBe(true);
    expect((first as RunSleeping).until).toEqual(new Date('2026-01-02T00:00:00Z'));
    clock = new Date('2026-01-01T12:00:00Z');
    const early = await attempt().catch((error: unknown) => error);
    expect((early as RunSleeping).until).toEqual(new Date('2026-01-02T00:00:00Z'));
    clock = new Date('2026-01-02T00:00:01Z');
    await expect(attempt()).resolves.toBeUndefined();
  });

  it('does not sleep for a time already past, and says so when the worker keeps no steps', async () => {
    const step = createStepTools({ runKey: 'e1.fn', store: memoryStore() });
    await expect(step.sleepUntil('past', new Date(0))).resolves.toBeUndefined();
    const none = createStepTools({ runKey: 'e1.fn', store: null });
    await expect(none.run('x', async () => 1)).rejects.toThrow('this worker keeps no steps');
  });

  it('checks before each step whether the run may go on', async () => {
    const step = createStepTools({
      runKey: 'e1.fn',
      store: memoryStore(),
      beforeStep: async () => {
        throw new Error('cancelled');
      },
    });
    await expect(step.run('x', async () => 1)).rejects.toThrow('cancelled');
  });
});
