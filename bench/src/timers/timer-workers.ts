import { fileURLToPath } from 'node:url';
import { allReady } from '../proc/all-ready.ts';
import { type NodeChild, startNodeChild } from '../proc/node-child.ts';
import type { BenchContext } from '../run/bench-context.ts';
import type { TimerWorkerConfig } from './timer-worker.child.ts';

const entry = fileURLToPath(new URL('./timer-worker.child.ts', import.meta.url));

/** Starts one worker process per consumer name and resolves once each is running. */
export async function startTimerWorkers(
  ctx: BenchContext,
  consumers: readonly string[],
  config: Omit<TimerWorkerConfig, 'consumer'>,
): Promise<NodeChild[]> {
  const children = consumers.map((consumer) =>
    startNodeChild({
      name: consumer,
      entry,
      args: [JSON.stringify({ ...config, consumer } satisfies TimerWorkerConfig)],
      cwd: ctx.repoRoot,
    }),
  );
  return allReady(children);
}
