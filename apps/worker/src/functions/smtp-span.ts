import { spanAround } from '@fixstream/events';
import { SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('@fixstream/worker');

/**
 * Runs one hand-over of a mail to the SMTP pool in a span `smtp send`, a child of the run's span: the wait for a
 * pooled connection and the SMTP exchange, which is most of a mail run's time. Recipients stay out of the span
 * (personal data); the Message-ID, derived from the run key, identifies the mail.
 */
export function inSmtpSpan<T extends { alreadySent?: boolean | undefined }>(
  mail: { messageId?: string | undefined },
  send: () => Promise<T>,
): Promise<T> {
  const attributes = mail.messageId ? { 'fixstream.mail.message_id': mail.messageId } : {};
  return tracer.startActiveSpan('smtp send', { kind: SpanKind.CLIENT, attributes }, (span) =>
    spanAround(span, async () => {
      const result = await send();
      span.setAttribute('fixstream.mail.already_sent', result.alreadySent ?? false);
      return result;
    }),
  );
}
