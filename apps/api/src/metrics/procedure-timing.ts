import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { ApiMetrics } from './api-metrics.registry.ts';
import { procedureCalls, type ReportedError } from './procedure-calls.ts';

/** Times requests to /trpc into the duration histogram, one observation per procedure call. */
export interface ProcedureTiming {
  /** Mounted on /trpc before tRPC's own middleware. */
  middleware: RequestHandler;
  /** Called from tRPC's `onError`: remembers how a call of the request ended until its response is done. */
  noteError(req: IncomingMessage, path: string | undefined, code: string): void;
}

/**
 * The hot path costs a timestamp, a listener and, per call, one histogram observation; errors ride along in a
 * WeakMap keyed by the request, so nothing outlives it.
 */
export function procedureTiming(
  metrics: Pick<ApiMetrics, 'requestDuration'>,
  settings: { known: ReadonlySet<string>; maxCalls: number },
): ProcedureTiming {
  const errorsOf = new WeakMap<IncomingMessage, ReportedError[]>();
  return {
    middleware(req, res, next) {
      const started = process.hrtime.bigint();
      // Read now: Express restores the mount's prefix in req.url once routing leaves /trpc.
      const { path } = req;
      const batch = req.query.batch === '1';
      res.once('close', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const calls = procedureCalls({
          path,
          batch,
          errors: errorsOf.get(req) ?? [],
          known: settings.known,
          maxCalls: settings.maxCalls,
        });
        for (const call of calls) metrics.requestDuration.observe(call, seconds);
      });
      next();
    },
    noteError(req, path, code) {
      const errors = errorsOf.get(req);
      if (errors) errors.push({ path, code });
      else errorsOf.set(req, [{ path, code }]);
    },
  };
}
