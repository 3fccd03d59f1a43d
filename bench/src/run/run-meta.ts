import { cpus } from 'node:os';
import { runCapture } from '@fixstream/dev-services';
import type { RunMeta } from '../report/bench-results.ts';

/** The commit being measured, marked `-dirty` when the work tree has changes (a benchmark of uncommitted code). */
export async function commitOf(root: string): Promise<string> {
  const [head, status] = await Promise.all([
    runCapture('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }),
    runCapture('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root }),
  ]);
  return `${head.stdout.trim() || 'unknown'}${status.stdout.trim() ? '-dirty' : ''}`;
}

/** What machine and services the figures come from, for the results file and the summary's first line. */
export async function machineOf(mongoKind: string): Promise<RunMeta['machine']> {
  const redis = await runCapture('redis-server', ['--version']);
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    node: process.version,
    mongo:
      mongoKind === 'ferretdb'
        ? 'FerretDB 1.24.2 on SQLite (patched: `_id` lookups indexed and pushed down)'
        : mongoKind,
    redis: /v=(\S+)/.exec(redis.stdout)?.[1] ?? 'unknown',
  };
}
