import type { StepRecord, StepStore } from '@fixstream/events';
import { type StepDocument, stepsByRun } from '../collections/run-steps.ts';
import { isDuplicateKey } from '../mongo-helpers.ts';
import type { RunStorage } from '../run-storage.ts';

/** The runtime's step store on MongoDB: an insert per step on `<run key>/<name>`; the first one wins. */
export function createStepStore(storage: RunStorage): StepStore {
  const { steps } = storage;
  return {
    async load(runKey) {
      const docs = await steps.find({ runKey }, { hint: stepsByRun }).toArray();
      return new Map(docs.map((doc) => [doc.name, recordOf(doc)]));
    },
    async loadMany(runKeys) {
      const docs = await steps.find({ runKey: { $in: [...runKeys] } }, { hint: stepsByRun }).toArray();
      const byRun = new Map<string, Map<string, StepRecord>>();
      for (const doc of docs) {
        const records = byRun.get(doc.runKey) ?? new Map<string, StepRecord>();
        records.set(doc.name, recordOf(doc));
        byRun.set(doc.runKey, records);
      }
      return byRun;
    },
    async save(runKey, name, record) {
      const _id = `${runKey}/${name}`;
      try {
        await steps.insertOne({
          _id,
          runKey,
          name,
          ...(record.kind === 'done'
            ? { kind: 'done', result: record.result }
            : { kind: 'sleep', until: record.until }),
          recordedAt: new Date(),
        });
        return record;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const first = await steps.findOne({ _id });
        if (!first) throw error;
        return recordOf(first);
      }
    },
  };
}

function recordOf(doc: StepDocument): StepRecord {
  return doc.kind === 'sleep'
    ? { kind: 'sleep', until: doc.until as Date }
    : { kind: 'done', result: doc.result ?? null };
}
