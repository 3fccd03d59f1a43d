import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResults } from './bench-results.ts';

/** File names of one results set: `<stamp>.json` plus a stable name that is overwritten each run. */
export function stampOf(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/**
 * Writes the results as `<prefix><stamp>.json` (kept, ignored by git) and `<stable>.json` (the one committed and
 * compared), pretty-printed so a diff of two runs reads well.
 */
export async function writeResultFiles(
  outDir: string,
  results: BenchResults,
  names: { stamped: string; stable: string },
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const text = `${JSON.stringify(results, null, 2)}\n`;
  const paths = [join(outDir, `${names.stamped}.json`), join(outDir, `${names.stable}.json`)];
  await Promise.all(paths.map((path) => writeFile(path, text)));
  return paths;
}
