/**
 * Thrown by `step.sleep`/`step.sleepUntil` to end an attempt that must wait: the runtime records the sleep and
 * acknowledges the entry, and the run resumes once `until` has come. A handler must let it through (a `catch`
 * around a sleep must rethrow what it does not handle; `isRunSleeping` tells).
 */
export class RunSleeping {
  readonly name = 'RunSleeping';
  constructor(
    readonly step: string,
    readonly until: Date,
  ) {}
}

export function isRunSleeping(value: unknown): value is RunSleeping {
  return value instanceof RunSleeping;
}
