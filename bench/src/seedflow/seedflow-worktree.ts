import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { runCapture } from '@fixstream/dev-services';

/** The seed-flow commit: the first runtime, before the run ledger and the delivery guarantees. */
export const seedflowCommit = '0ecfd19';

/** Where `pnpm bench` keeps the seed-flow checkout unless told otherwise. */
export const defaultSeedflowRoot = '/tmp/fixstream-seedflow';

/**
 * Makes sure a git worktree of the seed-flow commit with its packages installed is at `dir` (created with
 * `git worktree add` and `pnpm install --frozen-lockfile` when missing), so its worker and runtime can run
 * beside ours on the same services. Returns the commit it holds.
 */
export async function ensureSeedflowWorktree(repoRoot: string, dir: string, log: (line: string) => void) {
  const exists = await access(join(dir, 'apps/worker/src/main.ts')).then(
    () => true,
    () => false,
  );
  if (!exists) {
    log(`creating the seed-flow worktree at ${dir} (${seedflowCommit})`);
    const added = await runCapture('git', ['worktree', 'add', '--detach', dir, seedflowCommit], {
      cwd: repoRoot,
    });
    if (added.code !== 0) throw new Error(`git worktree add failed:\n${added.stderr}`);
  }
  const installed = await access(join(dir, 'packages/events/node_modules')).then(
    () => true,
    () => false,
  );
  if (!installed) {
    log('installing the seed-flow worktree (pnpm install --frozen-lockfile)');
    const install = await runCapture('pnpm', ['install', '--frozen-lockfile'], {
      cwd: dir,
      timeoutMs: 600_000,
    });
    if (install.code !== 0)
      throw new Error(`pnpm install in ${dir} failed:\n${install.stderr}\n${install.stdout}`);
  }
  const head = await runCapture('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir });
  return head.stdout.trim();
}
