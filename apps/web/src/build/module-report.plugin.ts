import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** What the page loads before it can render: the entry chunk and the chunks it imports statically. */
export const initialJsBudgetGzipBytes = 250_000;

/** `.vite/` beside Vite's own manifest: express.static ignores dot-folders, so it is never served. */
export const bundleReportPath = '.vite/bundle-report.json';

export interface BundleReport {
  initialJs: { files: string[]; bytes: number; gzipBytes: number; budgetGzipBytes: number };
  chunks: { fileName: string; isEntry: boolean; moduleIds: string[] }[];
}

/**
 * Writes which modules went into which chunk, and the gzipped size of the initial JS, to `bundleReportPath`, and
 * prints the size: the bench reads the number, and a test reads the module list to prove no server code
 * (mongoose, ioredis, the API) reached the browser.
 */
export function moduleReport(): Plugin {
  return {
    name: 'fixstream-module-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [output] : []));
      const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
      const initial = new Set<string>();
      const visit = (fileName: string) => {
        if (initial.has(fileName)) return;
        initial.add(fileName);
        for (const imported of byName.get(fileName)?.imports ?? []) visit(imported);
      };
      for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName);
      const codes = [...initial].map((fileName) => byName.get(fileName)?.code ?? '');
      const report: BundleReport = {
        initialJs: {
          files: [...initial],
          bytes: codes.reduce((sum, code) => sum + Buffer.byteLength(code), 0),
          gzipBytes: codes.reduce((sum, code) => sum + gzipSync(code, { level: 9 }).length, 0),
          budgetGzipBytes: initialJsBudgetGzipBytes,
        },
        chunks: chunks.map((chunk) => ({
          fileName: chunk.fileName,
          isEntry: chunk.isEntry,
          moduleIds: [...chunk.moduleIds],
        })),
      };
      this.emitFile({
        type: 'asset',
        fileName: bundleReportPath,
        source: `${JSON.stringify(report, null, 2)}\n`,
      });
      const kB = (bytes: number) => (bytes / 1000).toFixed(1);
      this.info(
        `initial JS ${kB(report.initialJs.gzipBytes)} kB gzipped (${kB(report.initialJs.bytes)} kB raw; budget ${kB(initialJsBudgetGzipBytes)} kB)`,
      );
    },
  };
}
