import { traceLogFields } from './log-trace-fields.ts';
import { type TracingSettings, tracesUrlOf } from './tracing-settings.ts';

/** An app's tracing, on or off. */
export interface Tracing {
  readonly enabled: boolean;
  /** pino's `mixin` option: trace ids on log lines, or undefined when tracing is off (nothing to look up per line). */
  readonly logMixin: typeof traceLogFields | undefined;
  /** Exports the spans still buffered and stops the SDK; call it last on graceful shutdown. Safe to call twice. */
  shutdown(): Promise<void>;
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
  loadSdk: LoadSdk = () => import('./sdk-tracing.ts'),
): Promise<Tracing> {
  const url = tracesUrlOf(settings);
  if (url === null) return off;
  const { registerSdk } = await loadSdk();
  const stop = registerSdk({ url, serviceName: settings.serviceName });
  let stopped: Promise<void> | null = null;
  return {
    enabled: true,
    logMixin: traceLogFields,
    shutdown: () => {
      stopped ??= stop();
      return stopped;
    },
  };
}
