import { RunSleeping } from './run-sleeping.ts';
import type { StepRecord, StepStore } from './step-store.ts';

/**
 * A handler's durable steps. Each step has a name unique within the run (a name used again in the same attempt
 * gets `#2`, `#3`… in call order, so a loop of steps is stable across attempts as long as it runs the same way).
 */
export interface StepTools {
  /**
   * Runs `fn` once for the run: its result is recorded, and a later attempt (a retry, a resumed sleep) gets the
   * recorded result without running it again. The result must be plain data (what MongoDB stores: objects,
   * arrays, strings, numbers, booleans, null, dates).
   */
  run<T>(name: string, fn: () => Promise<T> | T): Promise<T>;
  /** Ends the attempt until `until`; the run resumes there, durably (a crash or Redis losing its data included). */
  sleepUntil(name: string, until: Date): Promise<void>;
  /** Ends the attempt for `ms` from the first time this step is reached. */
  sleep(name: string, ms: number): Promise<void>;
}

/** The step tools of one attempt of one run. `store` is null on a worker that keeps no steps. */
export function createStepTools(options: {
  runKey: string;
  store: Pick<StepStore, 'load' | 'save'> | null;
  now?: () => Date;
  /** Checked before each step: throws when the run must stop (it was cancelled). */
  beforeStep?: () => Promise<void>;
}): StepTools {
  const now = options.now ?? (() => new Date());
  let records: Promise<Map<string, StepRecord>> | null = null;
  const used = new Map<string, number>();
  const store = () => {
    if (!options.store) throw new Error('this worker keeps no steps: give the worker a step store');
    return options.store;
  };
  const recorded = () => {
    records ??= store().load(options.runKey);
    return records;
  };
  const unique = (name: string) => {
    if (!name) throw new Error('a step needs a name');
    const count = (used.get(name) ?? 0) + 1;
    used.set(name, count);
    return count === 1 ? name : `${name}#${count}`;
  };
  const save = async (name: string, record: StepRecord) => {
    const kept = await store().save(options.runKey, name, record);
    (await recorded()).set(name, kept);
    return kept;
  };

  /** A sleep is recorded with its end when first reached; it is over once that time has passed. */
  async function sleepUntil(name: string, until: Date): Promise<void> {
    const step = unique(name);
    let record = (await recorded()).get(step);
    if (!record) {
      await options.beforeStep?.();
      if (until.getTime() <= now().getTime()) return;
      record = await save(step, { kind: 'sleep', until });
    }
    if (record.kind === 'done' || record.until.getTime() <= now().getTime()) return;
    throw new RunSleeping(step, record.until);
  }

  return {
    async run(name, fn) {
      const step = unique(name);
      const record = (await recorded()).get(step);
      if (record?.kind === 'done') return record.result as Awaited<ReturnType<typeof fn>>;
      await options.beforeStep?.();
      const result = await fn();
      const kept = await save(step, { kind: 'done', result: result === undefined ? null : result });
      return (kept.kind === 'done' ? kept.result : result) as Awaited<ReturnType<typeof fn>>;
    },
    sleepUntil,
    sleep: (name, ms) => sleepUntil(name, new Date(now().getTime() + ms)),
  };
}
