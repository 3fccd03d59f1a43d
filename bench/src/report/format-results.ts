import { join } from 'node:path';
import { runCapture } from '@fixstream/dev-services';

/**
 * Formats written results (JSON, Markdown, SVG) the way the repo's `biome ci` expects (short arrays on one line,
 * aligned tables), so committing them never breaks `pnpm test`. Files outside the repository are left as they are.
 */
export async function formatLikeBiome(repoRoot: string, files: readonly string[]): Promise<void> {
  const inRepo = files.filter((file) => file.startsWith(repoRoot));
  if (inRepo.length === 0) return;
  await runCapture(join(repoRoot, 'node_modules/.bin/biome'), ['format', '--write', ...inRepo], {
    cwd: repoRoot,
  });
}
