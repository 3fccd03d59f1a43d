/** What the store keeps of one step of a run. */
export type StepRecord =
  /** The step finished with this result (as MongoDB returns it: plain data, dates kept). */
  | { kind: 'done'; result: unknown }
  /** The run sleeps at this step until this time; the step is done once it has passed. */
  | { kind: 'sleep'; until: Date };

/**
 * Where the steps of runs are recorded, durably (MongoDB in this product), so a retry or a resumed run goes on
 * after the last finished step instead of repeating it.
 */
export interface StepStore {
  /** Every recorded step of a run, by name. */
  load(runKey: string): Promise<Map<string, StepRecord>>;
  /**
   * The recorded steps of several runs in one read, by run key (a run without steps may be left out): the runtime
   * loads the steps of the runs it resumes together, so a burst of wake-ups costs a read per batch, not per run.
   */
  loadMany(runKeys: readonly string[]): Promise<Map<string, Map<string, StepRecord>>>;
  /** Records a step; when another attempt recorded it first, answers that record: the first one wins. */
  save(runKey: string, name: string, record: StepRecord): Promise<StepRecord>;
}
