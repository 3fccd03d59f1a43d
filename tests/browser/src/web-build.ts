import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCapture } from '@fixstream/dev-services';
import { repoRoot } from './web-stack.ts';

/**
 * Builds the web app as production does, into a directory of its own (the tests never touch apps/web/dist, which a
 * developer may be serving). Returns the directory; the caller removes it.
 */
export async function buildWebApp(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'fixstream-web-dist-'));
  const result = await runCapture(
    'pnpm',
    [
      '--filter',
      '@fixstream/web',
      'exec',
      'vite',
      'build',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: repoRoot, env: { ...process.env, NODE_ENV: 'production' }, timeoutMs: 120_000 },
  );
  if (result.code !== 0)
    throw new Error(`web build failed (${result.code}):\n${result.stderr}\n${result.stdout}`);
  return outDir;
}
