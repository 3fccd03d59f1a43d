/** Where and as what an app's spans are exported; the app builds it from its environment. */
export interface TracingSettings {
  /**
   * OTLP/HTTP base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`, e.g. `http://jaeger:4318`); spans go to `<base>/v1/traces`.
   * Tracing is off when neither this nor `tracesEndpoint` is set.
   */
  endpoint?: string | undefined;
  /** The full traces URL (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), used as it is; wins over `endpoint`. */
  tracesEndpoint?: string | undefined;
  /** `service.name` of every span (`OTEL_SERVICE_NAME`, else the app's default). */
  serviceName: string;
  /** `OTEL_TRACES_SAMPLER`, one of the SDK's sampler names; unset, the app's default (`TracingOptions`). */
  sampler?: string | undefined;
  /** `OTEL_TRACES_SAMPLER_ARG`: the ratio of a ratio sampler. */
  samplerArg?: number | undefined;
}

/**
 * The URL spans are POSTed to, as the OpenTelemetry specification derives it: a per-signal endpoint as it is, the
 * base endpoint with `v1/traces` appended. Null when tracing is off.
 */
export function tracesUrlOf(settings: TracingSettings): string | null {
  if (settings.tracesEndpoint) return settings.tracesEndpoint;
  if (!settings.endpoint) return null;
  return `${settings.endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/** The OpenTelemetry variables of an app's parsed environment (`tracingEnv` of @fixstream/config). */
export interface TracingEnv {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  OTEL_SERVICE_NAME?: string | undefined;
  OTEL_TRACES_SAMPLER?: string | undefined;
  OTEL_TRACES_SAMPLER_ARG?: number | undefined;
}

/** An app's settings from its parsed environment; `defaultServiceName` names it when OTEL_SERVICE_NAME is unset. */
export function tracingSettingsFromEnv(env: TracingEnv, defaultServiceName: string): TracingSettings {
  return {
    endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    tracesEndpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
    serviceName: env.OTEL_SERVICE_NAME ?? defaultServiceName,
    sampler: env.OTEL_TRACES_SAMPLER,
    samplerArg: env.OTEL_TRACES_SAMPLER_ARG,
  };
}
