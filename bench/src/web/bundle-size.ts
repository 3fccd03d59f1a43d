import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The part of `apps/web/dist/.vite/bundle-report.json` (written by the web build's module-report plugin) read here. */
interface BundleReport {
  initialJs: { files: string[]; gzipBytes: number };
}

/**
 * Gzipped kB (1,000 bytes, as the build prints them) of the JS the page loads before it can render: the entry
 * chunk and its static imports, as the build measured them. Throws when the app was not built.
 */
export async function initialJsKb(repoRoot: string): Promise<{ kb: number; files: number }> {
  const path = join(repoRoot, 'apps/web/dist/.vite/bundle-report.json');
  const text = await readFile(path, 'utf8').catch(() => {
    throw new Error(`${path} is missing: pnpm build did not build the web app`);
  });
  const report = JSON.parse(text) as BundleReport;
  return { kb: report.initialJs.gzipBytes / 1_000, files: report.initialJs.files.length };
}
