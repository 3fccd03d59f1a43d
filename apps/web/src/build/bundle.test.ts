import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleReport, bundleReportPath, initialJsBudgetGzipBytes } from './module-report.plugin.ts';

const webRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Server code that must never reach a browser: it would not run there, and it would ship the server's secrets. */
const serverOnly = [
  /node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(mongoose|mongodb|bson|ioredis|express|bcryptjs|nodemailer|pino|jose|helmet)\//,
  /\/apps\/(api|worker|ops)\//,
  /\/packages\/(db|events|config|run-storage|emails|webhooks|dev-services|test-support)\//,
];

let outDir: string;
let report: BundleReport;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'fixstream-web-build-'));
  // vitest sets NODE_ENV=test, which would give React's development build: measure what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: webRoot,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  report = JSON.parse(readFileSync(join(outDir, bundleReportPath), 'utf8')) as BundleReport;
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the production build', () => {
  it('pulls in no server code (mongoose, ioredis, the API, the db package…)', () => {
    const modules = report.chunks.flatMap((chunk) => chunk.moduleIds);
    expect(modules.some((id) => id.includes('/packages/schemas/'))).toBe(true);
    expect(modules.filter((id) => serverOnly.some((pattern) => pattern.test(id)))).toEqual([]);
    for (const chunk of report.chunks) {
      expect(readFileSync(join(outDir, chunk.fileName), 'utf8')).not.toMatch(/mongoose|ioredis/);
    }
  });

  it('has no inline script, so a CSP without unsafe-inline runs it', () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\//);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=|<style\b|javascript:/i);
  });

  it('keeps the initial JS within its gzipped budget, and reports it', () => {
    expect(report.initialJs.budgetGzipBytes).toBe(initialJsBudgetGzipBytes);
    expect(report.initialJs.gzipBytes).toBeGreaterThan(10_000);
    expect(report.initialJs.gzipBytes).toBeLessThanOrEqual(initialJsBudgetGzipBytes);
    console.log(`initial JS: ${report.initialJs.gzipBytes} bytes gzipped`);
  });
});
