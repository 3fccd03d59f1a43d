import { createExpressMiddleware } from '@trpc/server/adapters/express';
import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import { appRouter } from './app.router.ts';
import type { ApiDeps } from './deps.ts';
import { retryAfterOf } from './errors/error-map.ts';
import type { ApiMetrics } from './metrics/api-metrics.registry.ts';
import { metricsRoute } from './metrics/metrics.route.ts';
import { procedureTiming } from './metrics/procedure-timing.ts';
import { maxBatchCalls } from './trpc/batch-limit.ts';
import { createContextFactory } from './trpc/context.ts';
import { serveWebApp } from './web/static-web.ts';

/** Named dependency checks for /readyz; each resolves when its service answers. */
export type ReadinessChecks = Record<string, () => Promise<unknown>>;

export interface HttpSettings {
  /** Browser origins allowed to call the API; none by default. */
  corsOrigins: readonly string[];
  /** Proxies in front of the API (Express "trust proxy"), so client addresses are real. */
  trustProxy: number;
  /** True once shutdown has begun (see `HttpDrain`): /readyz then answers 503 `draining`. */
  draining?: () => boolean;
  /** With metrics, /trpc calls are timed and `GET /metrics` serves them (keep it off the public internet). */
  metrics?: ApiMetrics;
  /** The built web app to serve beside the API (WEB_DIST_DIR); none when unset. */
  webDistDir?: string | undefined;
}

/**
 * The HTTP surface: /trpc for the API, /healthz (process up), /readyz (dependencies answer and no shutdown
 * has begun) and, given metrics, /metrics (Prometheus), behind helmet's headers and a CORS allowlist. Bodies over
 * 100 kB are refused before parsing.
 */
export function createServer(
  deps: ApiDeps,
  readiness: ReadinessChecks,
  http: HttpSettings = { corsOrigins: [], trustProxy: 0 },
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', http.trustProxy);
  app.use(helmet());
  app.use(cors({ origin: [...http.corsOrigins], methods: ['GET', 'POST'], maxAge: 600 }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const draining = () => http.draining?.() ?? false;
    const entries = draining()
      ? []
      : await Promise.all(
          Object.entries(readiness).map(async ([name, check]) => {
            try {
              await check();
              return [name, 'ok'] as const;
            } catch {
              return [name, 'unavailable'] as const;
            }
          }),
        );
    if (draining()) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    const checks = Object.fromEntries(entries);
    const ready = entries.every(([, state]) => state === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  const timing = http.metrics
    ? procedureTiming(http.metrics, {
        known: new Set(Object.keys(appRouter._def.procedures)),
        maxCalls: maxBatchCalls,
      })
    : null;
  if (http.metrics) app.get('/metrics', metricsRoute(http.metrics.registry));
  if (timing) app.use('/trpc', timing.middleware);
  app.use(
    '/trpc',
    createExpressMiddleware({
      router: appRouter,
      createContext: createContextFactory(deps),
      maxBodySize: 100_000,
      maxBatchSize: maxBatchCalls,
      responseMeta({ errors }) {
        const retryAfter = retryAfterOf(errors);
        return retryAfter === null ? {} : { headers: { 'retry-after': String(retryAfter) } };
      },
      onError({ error, path, req }) {
        timing?.noteError(req, path, error.code);
        if (error.code === 'INTERNAL_SERVER_ERROR')
          deps.logger.error({ err: error, path }, 'procedure failed');
      },
    }),
  );
  if (http.webDistDir && !serveWebApp(app, http.webDistDir))
    deps.logger.warn({ dir: http.webDistDir }, 'WEB_DIST_DIR has no index.html; not serving the web app');
  return app;
}
