import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Finds the `.env` file an app should load: the nearest one walking up from `startDir`, stopping at the
 * workspace root. Apps run from their own folder under pnpm, but people keep one `.env` at the repo root.
 */
export function findDotEnv(startDir: string): string | null {
  let dir = startDir;
  for (;;) {
    const candidate = join(dir, '.env');
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return null;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
