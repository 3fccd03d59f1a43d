import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';

/** How an app samples: the operator's `OTEL_TRACES_SAMPLER` (and its ratio), else the app's default share. */
export interface SamplerChoice {
  name?: string | undefined;
  arg?: number | undefined;
  /** Share of calls without a caller's decision that start a recorded trace when `name` is unset; unset, all. */
  defaultRatio?: number | undefined;
}

/**
 * The sampler of a choice, as the SDK builds one from `OTEL_TRACES_SAMPLER` (a ratio of 1 when no argument is
 * given). Without a name: parent-based, so a caller's or an event's decision is followed, and roots sampled at
 * `defaultRatio`. Built here rather than left to the SDK's own reading of the environment so that the app's
 * default applies and the value is the one the app's env schema validated.
 */
export function samplerOf(choice: SamplerChoice): Sampler {
  const ratio = (value: number) => new TraceIdRatioBasedSampler(value);
  switch (choice.name) {
    case undefined:
      return new ParentBasedSampler({
        root: choice.defaultRatio === undefined ? new AlwaysOnSampler() : ratio(choice.defaultRatio),
      });
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio(choice.arg ?? 1);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio(choice.arg ?? 1) });
    default:
      throw new Error(`unknown OTEL_TRACES_SAMPLER ${choice.name}`);
  }
}
