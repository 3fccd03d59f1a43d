import type { CollectionSpec } from './collection-spec.ts';

/**
 * A `run_steps` document: one finished step of a run (`step.run`), or a sleep with its end, keyed
 * `<run key>/<step name>` so the first attempt to record a step wins and a later one reads its record.
 */
export interface StepDocument {
  _id: string;
  runKey: string;
  name: string;
  kind: 'done' | 'sleep';
  /** For `done`: the step's result. */
  result?: unknown;
  /** For `sleep`: when it ends. */
  until?: Date;
  recordedAt: Date;
}

/** Serves loading a run's steps, and deleting them with the run. */
export const stepsByRun = { runKey: 1 } as const;

export const runSteps: CollectionSpec<StepDocument> = { name: 'run_steps', indexes: [{ key: stepsByRun }] };
