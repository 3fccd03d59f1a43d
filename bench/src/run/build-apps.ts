import { runCapture } from '@fixstream/dev-services';

/**
 * `pnpm build` before the processes start, so every round measures the compiled apps as deployed (turbo's cache
 * makes it a no-op when nothing changed).
 */
export async function buildApps(repoRoot: string, log: (message: string) => void): Promise<void> {
  const started = performance.now();
  const result = await runCapture('pnpm', ['build'], { cwd: repoRoot, timeoutMs: 300_000 });
  if (result.code !== 0)
    throw new Error(`pnpm build failed (${String(result.code)}):\n${result.stdout}\n${result.stderr}`);
  log(`pnpm build done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
