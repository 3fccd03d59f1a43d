import { trace } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { startTracing } from './start-tracing.ts';
import { tracesUrlOf, tracingSettingsFromEnv } from './tracing-settings.ts';

const sdkImports = vi.hoisted(() => ({ count: 0 }));
vi.mock('@opentelemetry/sdk-trace-node', async (importOriginal) => {
  sdkImports.count++;
  return importOriginal();
});

describe('startTracing with no endpoint', () => {
  it('loads no SDK and leaves the API no-op tracer in place', async () => {
    const loadSdk = vi.fn(() => import('./sdk-tracing.ts'));
    const tracing = await startTracing(
      tracingSettingsFromEnv({}, 'fixstream-api'),
      { asyncContext: true },
      loadSdk,
    );
    expect(tracing.enabled).toBe(false);
    expect(tracing.logMixin).toBeUndefined();
    expect(loadSdk).not.toHaveBeenCalled();
    expect(sdkImports.count).toBe(0);
    const span = trace.getTracer('test').startSpan('anything');
    expect(span.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(span.spanContext())).toBe(false);
    await tracing.shutdown();
  });

  it('loads the SDK only when an endpoint is set, with the traces URL, service name, context and sampling', async () => {
    const registerSdk = vi.fn(() => async () => {});
    const tracing = await startTracing(
      tracingSettingsFromEnv(
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/', OTEL_SERVICE_NAME: 'api-eu' },
        'fixstream-api',
      ),
      { asyncContext: false, defaultSampleRatio: 0.1 },
      async () => ({ registerSdk }),
    );
    expect(tracing.enabled).toBe(true);
    expect(registerSdk).toHaveBeenCalledWith({
      url: 'http://collector:4318/v1/traces',
      serviceName: 'api-eu',
      asyncContext: false,
      sampler: { name: undefined, arg: undefined, defaultRatio: 0.1 },
    });
    expect(tracing.logMixin).toBeUndefined();
    expect(sdkImports.count).toBe(0);
  });

  it('stops the SDK once, however often shutdown is called', async () => {
    const stop = vi.fn(async () => {});
    const tracing = await startTracing(
      { endpoint: 'http://collector:4318', serviceName: 'x' },
      { asyncContext: true },
      async () => ({ registerSdk: () => stop }),
    );
    await Promise.all([tracing.shutdown(), tracing.shutdown()]);
    await tracing.shutdown();
    expect(stop).toHaveBeenCalledTimes(1);
  });
});

describe('tracesUrlOf', () => {
  it('appends v1/traces to the base endpoint and takes a per-signal endpoint as it is', () => {
    expect(tracesUrlOf({ serviceName: 's' })).toBeNull();
    expect(tracesUrlOf({ endpoint: 'http://jaeger:4318', serviceName: 's' })).toBe(
      'http://jaeger:4318/v1/traces',
    );
    expect(
      tracesUrlOf({
        endpoint: 'http://jaeger:4318',
        tracesEndpoint: 'http://other/traces',
        serviceName: 's',
      }),
    ).toBe('http://other/traces');
  });

  it('names the app after its default unless OTEL_SERVICE_NAME is set', () => {
    expect(tracingSettingsFromEnv({}, 'fixstream-worker').serviceName).toBe('fixstream-worker');
  });
});
