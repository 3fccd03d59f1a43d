import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A service's data directory and how to get rid of it again. */
export type DataDir = { path: string; cleanup(): Promise<void> };

const tempDirs = new Set<string>();
let exitHookInstalled = false;

/** A process that exits without stopping its services (a crash, `process.exit`) still leaves no temp dirs. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const path of tempDirs) rmSync(path, { recursive: true, force: true });
  });
}

/**
 * Uses `dir` when given (created if missing, kept on cleanup: dev data that should survive restarts), otherwise
 * a fresh temp directory that cleanup removes (tests leave nothing behind).
 */
export async function prepareDataDir(dir: string | undefined, prefix: string): Promise<DataDir> {
  if (dir !== undefined) {
    const path = resolve(dir);
    await mkdir(path, { recursive: true });
    return { path, cleanup: async () => {} };
  }
  const path = await mkdtemp(join(tmpdir(), `fixstream-${prefix}-`));
  tempDirs.add(path);
  installExitHook();
  return {
    path,
    cleanup: async () => {
      await rm(path, { recursive: true, force: true });
      tempDirs.delete(path);
    },
  };
}
