import { type Span, SpanStatusCode } from '@opentelemetry/api';

/**
 * Runs `work` inside `span` and ends it: a throw marks the span as failed with the error's message (unless
 * `isFailure` says the throw is not a failure, such as a run going to sleep) and is thrown on. One place for the
 * span life cycle that the publish, run and SMTP spans share.
 */
export async function spanAround<T>(
  span: Span,
  work: () => Promise<T>,
  options: { isFailure?: (error: unknown) => boolean; recordException?: boolean } = {},
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (options.isFailure?.(error) ?? true) {
      if (options.recordException) span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    throw error;
  } finally {
    span.end();
  }
}
