import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/**
 * Registers the OpenTelemetry SDK globally: a Node tracer provider (AsyncLocalStorage context, W3C trace context
 * propagation) exporting batches of spans as OTLP/HTTP JSON to `url`. Loaded only through `startTracing`'s dynamic
 * import, so an app with tracing off never loads it. Returns the flush-and-stop to call on shutdown.
 */
export function registerSdk(options: { url: string; serviceName: string }): () => Promise<void> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: options.url }))],
  });
  provider.register();
  return () => provider.shutdown();
}
