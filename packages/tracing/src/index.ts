export { traceLogFields } from './log-trace-fields.ts';
export { startTracing, type Tracing, type TracingOptions } from './start-tracing.ts';
export {
  type TracingEnv,
  type TracingSettings,
  tracesUrlOf,
  tracingSettingsFromEnv,
} from './tracing-settings.ts';
