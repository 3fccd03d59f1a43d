import { traceLogFields } from './log-trace-fields.ts';
import { type TracingSettings, tracesUrlOf } from './tracing-settings.ts';

/** An app's tracing, on or off. */
export interface Tracing {
  readonly enabled: boolean;
  /**
   * pino's `mixin` option: the active span's ids on log lines; undefined when tracing is off or there is no active
   * span to find (`asyncContext: false`), so nothing is looked up per line.
   */
  readonly logMixin: typeof traceLogFields | undefined;
  /** Exports the spans still buffered and stops the SDK; call it last on graceful shutdown. Safe to call twice. */
  shutdown(): Promise<void>;
}

/** How an app propagates its spans. */
export interface TracingOptions {
  /**
   * True: a started span stays active across awaits, and spans, events and log lines find it wherever they are
   * made (the worker). This takes an AsyncLocalStorage context manager, which before Node 24 makes every promise of
   * the process run async hooks, whether or not anything is traced. False: no context manager; the app hands
   * its spans' context on itself (the API, docs/tracing.md).
   */
  asyncContext: boolean;
  /**
   * The share of calls without a caller's decision that start a recorded trace, when `OTEL_TRACES_SAMPLER` is
   * unset; unset, every one. A caller's (or an event's) sampled `traceparent` is always followed.
   */
  defaultSampleRatio?: number;
}

type LoadSdk = () => Promise<Pick<typeof import('./sdk-tracing.ts'), 'registerSdk'>>;

const off: Tracing = { enabled: false, logMixin: undefined, shutdown: async () => {} };

/**
 * Turns tracing on when an OTLP endpoint is configured. When none is, nothing is loaded: the OpenTelemetry SDK is
 * imported dynamically only on this path, so spans started through `@opentelemetry/api` stay its no-op ones and
 * cost next to nothing. Call it before anything starts spans (first thing in `main`).
 */
export async function startTracing(
  settings: TracingSettings,
  options: TracingOptions,
  loadSdk: LoadSdk = () => import('./sdk-tracing.ts'),
): Promise<Tracing> {
  const url = tracesUrlOf(settings);
  if (url === null) return off;
  const { registerSdk } = await loadSdk();
  const stop = registerSdk({
    url,
    serviceName: settings.serviceName,
    asyncContext: options.asyncContext,
    sampler: { name: settings.sampler, arg: settings.samplerArg, defaultRatio: options.defaultSampleRatio },
  });
  let stopped: Promise<void> | null = null;
  return {
    enabled: true,
    logMixin: options.asyncContext ? traceLogFields : undefined,
    shutdown: () => {
      stopped ??= stop();
      return stopped;
    },
  };
}
