import { fileURLToPath } from 'node:url';
import { allReady } from '../proc/all-ready.ts';
import { type NodeChild, startNodeChild } from '../proc/node-child.ts';
import type { BareGroupConfig } from './bare-group.child.ts';
import type { BullmqWorkerConfig } from './bullmq-worker.child.ts';
import type { RuntimeWorkerConfig } from './runtime-worker.child.ts';

const entry = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** What a bus consumer process runs: one of the runtimes, BullMQ, or a bare consumer group. */
export type BusWorkerSpec =
  | { kind: 'runtime'; config: RuntimeWorkerConfig }
  | { kind: 'bullmq'; config: BullmqWorkerConfig }
  | { kind: 'bare'; config: BareGroupConfig };

/** Starts `count` consumer processes of one kind and resolves once each says it is ready. */
export async function startBusWorkers(
  name: string,
  spec: BusWorkerSpec,
  count: number,
  cwd: string,
): Promise<NodeChild[]> {
  const file = {
    runtime: './runtime-worker.child.ts',
    bullmq: './bullmq-worker.child.ts',
    bare: './bare-group.child.ts',
  }[spec.kind];
  const children = Array.from({ length: count }, (_, i) =>
    startNodeChild({
      name: `${name}-${i + 1}`,
      entry: entry(file),
      args: [JSON.stringify(spec.config)],
      cwd,
    }),
  );
  return allReady(children);
}
