import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express from 'express';
import { appRouter } from './app.router.ts';
import type { ApiDeps } from './deps.ts';
import { createContextFactory } from './trpc/context.ts';

/** Named dependency checks for /readyz; each resolves when its service answers. */
export type ReadinessChecks = Record<string, () => Promise<unknown>>;

/** The HTTP surface: /trpc for the API, /healthz (process up) and /readyz (dependencies answer). */
export function createServer(deps: ApiDeps, readiness: ReadinessChecks): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const entries = await Promise.all(
      Object.entries(readiness).map(async ([name, check]) => {
        try {
          await check();
          return [name, 'ok'] as const;
        } catch {
          return [name, 'unavailable'] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    const ready = entries.every(([, state]) => state === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  app.use(
    '/trpc',
    createExpressMiddleware({
      router: appRouter,
      createContext: createContextFactory(deps),
      maxBodySize: 100_000,
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          deps.logger.error({ err: error, path }, 'procedure failed');
      },
    }),
  );
  return app;
}
