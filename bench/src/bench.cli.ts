import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs } from './cli/bench-args.ts';
import { redrawSummary, runBench } from './run/run-bench.ts';
import { defaultSeedflowRoot } from './seedflow/seedflow-worktree.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
let args: ReturnType<typeof parseBenchArgs>;
try {
  args = parseBenchArgs(process.argv.slice(2), {
    outDir: join(repoRoot, 'bench/results'),
    seedflowRoot: defaultSeedflowRoot,
  });
  // A quick run never overwrites the committed results unless told where to write.
  if (args.quick && !process.argv.includes('--out')) args.outDir = join(repoRoot, 'bench/results/quick');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
try {
  process.exitCode = args.redraw
    ? await redrawSummary(repoRoot, args.outDir)
    : await runBench(args, repoRoot);
} catch (error) {
  console.error('bench failed:', error);
  process.exitCode = 1;
}
// Children and services are stopped by now; do not wait for stray handles (autocannon, ioredis timers).
process.exit(process.exitCode);
