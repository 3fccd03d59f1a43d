import type { BenchContext } from '../run/bench-context.ts';
import { type AppProcess, startApp } from './app-process.ts';

/**
 * `apps/api` on 127.0.0.1:`port`, ready once /readyz answers 200. The end-to-end and recovery parts both run it,
 * with the env of `baseAppEnv` and nothing tuned.
 */
export function startApiApp(
  ctx: BenchContext,
  settings: { name: string; env: Record<string, string>; port: number },
): Promise<AppProcess> {
  return startApp({
    app: 'api',
    name: settings.name,
    root: ctx.repoRoot,
    env: { ...settings.env, API_PORT: String(settings.port), API_HOST: '127.0.0.1' },
    readyLine: /API listening/,
    readyUrl: `http://127.0.0.1:${settings.port}/readyz`,
    nodeArgs: ctx.appNodeArgs,
  });
}

/** `apps/worker` with its default settings, ready once it has started consuming. */
export function startWorkerApp(
  ctx: BenchContext,
  settings: { name: string; env: Record<string, string> },
): Promise<AppProcess> {
  return startApp({
    app: 'worker',
    name: settings.name,
    root: ctx.repoRoot,
    env: settings.env,
    readyLine: /worker running/,
    nodeArgs: ctx.appNodeArgs,
  });
}
