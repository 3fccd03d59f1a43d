import type { Mailer } from '@fixstream/emails';
import type { WorkerMetrics } from './worker-metrics.registry.ts';

/**
 * The mailer with each send timed into `fixstream_mail_send_duration_seconds`: `sent`, `deduplicated` (a send
 * with the same Message-ID answered it) or `failed`. Wrapping it here keeps `packages/emails` free of metrics.
 */
export function timedMailer(mailer: Mailer, metrics: Pick<WorkerMetrics, 'mailSendDuration'>): Mailer {
  return {
    async send(mail, options) {
      const end = metrics.mailSendDuration.startTimer();
      try {
        const result = await mailer.send(mail, options);
        end({ result: result.alreadySent ? 'deduplicated' : 'sent' });
        return result;
      } catch (error) {
        end({ result: 'failed' });
        throw error;
      }
    },
    verify: () => mailer.verify(),
    close: () => mailer.close(),
  };
}
