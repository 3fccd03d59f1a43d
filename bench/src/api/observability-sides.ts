import getPort from 'get-port';
import type { AppProcess } from '../proc/app-process.ts';
import { startApiApp } from '../proc/fixstream-apps.ts';
import type { BenchContext } from '../run/bench-context.ts';
import { type ScrapeTally, startScrapeLoop } from './metrics-scrape-loop.ts';
import { OtlpSink } from './otlp-sink.ts';

/** For every API of the section: tracing off unless a side turns it on, whatever the bench's own env says. */
export const tracingOffEnv = {
  OTEL_EXPORTER_OTLP_ENDPOINT: '',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
} as const;

/** What the `observed` API showed of its observability once it had stopped: proof that both were on. */
export interface ObservedEvidence {
  spans: number;
  spansByName: Record<string, number>;
  /** Span exports the sink refused (not a JSON POST to /v1/traces). */
  refusedExports: number;
  scrapes: number;
  scrapeFailures: number;
}

/** The two API processes that put a price on observability, beside the bench's `ours`. */
export interface ObservabilitySides {
  /** `API_METRICS=false`, no OTLP endpoint: the API without any observability. */
  bareUrl: string;
  /** Metrics on and scraped, spans exported to the bench's OTLP sink. */
  observedUrl: string;
  /** Runs a load against the observed API while its `/metrics` is scraped every `scrapeIntervalMs`. */
  whileScraped<T>(load: () => Promise<T>): Promise<T>;
  /**
   * Stops both APIs (the observed one exports the spans it still holds on SIGTERM) and then the sink, and says
   * what reached it. Safe to call twice.
   */
  stop(): Promise<ObservedEvidence>;
}

/**
 * Starts `bare` and `observed` on the env of the bench's own API (same database, same key prefix, so both write
 * into what `ours` writes). Tracing keeps the API's defaults (one call in ten traced, batches every 5 s or 512
 * spans), as deployed.
 */
export async function startObservabilitySides(
  ctx: BenchContext,
  env: Record<string, string>,
  scrapeIntervalMs: number,
): Promise<ObservabilitySides> {
  const sink = await OtlpSink.start();
  const tally: ScrapeTally = { scrapes: 0, failures: 0 };
  const apps: AppProcess[] = [];
  let stopping: Promise<ObservedEvidence> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.all(apps.map((app) => app.stop()));
      await sink.close();
      return {
        spans: sink.spans,
        spansByName: Object.fromEntries(sink.spansByName),
        refusedExports: sink.refused,
        scrapes: tally.scrapes,
        scrapeFailures: tally.failures,
      };
    })();
    return stopping;
  };
  try {
    const [barePort, observedPort] = [await getPort(), await getPort()];
    apps.push(
      await startApiApp(ctx, {
        name: 'api-bare',
        env: { ...env, ...tracingOffEnv, API_METRICS: 'false' },
        port: barePort,
      }),
    );
    apps.push(
      await startApiApp(ctx, {
        name: 'api-observed',
        env: {
          ...env,
          ...tracingOffEnv,
          API_METRICS: 'true',
          OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        },
        port: observedPort,
      }),
    );
    const observedUrl = `http://127.0.0.1:${observedPort}`;
    return {
      bareUrl: `http://127.0.0.1:${barePort}`,
      observedUrl,
      async whileScraped(load) {
        const loop = startScrapeLoop(`${observedUrl}/metrics`, scrapeIntervalMs);
        try {
          return await load();
        } finally {
          const done = await loop.stop();
          tally.scrapes += done.scrapes;
          tally.failures += done.failures;
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
