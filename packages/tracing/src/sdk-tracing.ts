import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { type SamplerChoice, samplerOf } from './sdk-sampler.ts';

export { type SamplerChoice, samplerOf } from './sdk-sampler.ts';

/** What an app's spans are named after, how they are kept active (`TracingOptions.asyncContext`) and sampled. */
export interface SdkOptions {
  serviceName: string;
  asyncContext: boolean;
  sampler: SamplerChoice;
}

/**
 * Registers the OpenTelemetry SDK globally: a Node tracer provider (W3C trace context propagation) exporting
 * batches of spans as OTLP/HTTP JSON to `url`. Loaded only through `startTracing`'s dynamic import, so an app with
 * tracing off never loads it. Returns the flush-and-stop to call on shutdown.
 */
export function registerSdk(options: SdkOptions & { url: string }): () => Promise<void> {
  return registerTracerProvider({
    ...options,
    spanProcessor: new BatchSpanProcessor(new OTLPTraceExporter({ url: options.url })),
  });
}

/**
 * The registration of `registerSdk` with any span processor: tests give an in-memory exporter and trace as the
 * app does. With `asyncContext` the provider keeps the active span across awaits (an AsyncLocalStorage context
 * manager); without, it registers no context manager, and a span is active nowhere.
 */
export function registerTracerProvider(
  options: SdkOptions & { spanProcessor: SpanProcessor },
): () => Promise<void> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    sampler: samplerOf(options.sampler),
    spanProcessors: [options.spanProcessor],
  });
  provider.register(options.asyncContext ? {} : { contextManager: null });
  return () => provider.shutdown();
}
