import type { Database } from '@fixstream/db';
import {
  isPermanentSmtpError,
  type Mailer,
  MailSendCancelledError,
  type OutgoingMail,
} from '@fixstream/emails';
import { type FunctionContext, PermanentError } from '@fixstream/events';
import { inSmtpSpan } from './smtp-span.ts';

/** What the worker's functions share: the database, the SMTP pool and how mails link back to the app. */
export interface FunctionDeps {
  db: Database;
  mailer: Mailer;
  /** Frontend base URL for "open request" links; null leaves the link out. */
  appUrl: string | null;
  /** Right-hand side of generated Message-IDs, normally the domain of MAIL_FROM. */
  messageIdDomain: string;
}

/**
 * A Message-ID derived from the run key, so a mail sent again after a redelivery carries the same id and
 * receiving systems (and our tests) can tell it is the same mail.
 */
export function messageIdFor(runKey: string, domain: string): string {
  return `<${runKey}@${domain}>`;
}

/** "fixstream <noreply@acme.example>" → "acme.example". */
export function domainOfAddress(address: string): string {
  return /@([\w.-]+)>?\s*$/.exec(address)?.[1] ?? 'fixstream.local';
}

/** What {@link sendMail} needs of the run it sends for. */
export type MailRun = Pick<
  FunctionContext<unknown>,
  'signal' | 'logger' | 'runKey' | 'outsideTimeout' | 'recordMessageId'
>;

/**
 * Sends through the pool on behalf of a run, with the run's signal: a timeout or a forced stop cancels the send
 * while the server cannot have the mail yet (a normal, retryable failure), and is ignored once it may have it,
 * so the run is recorded as what the server answered rather than failed and retried into a duplicate. Failures
 * retrying cannot fix (a 5xx rejection, an invalid address) go to the dead-letter stream at once instead of
 * spending four retries. The Message-ID the mail went out with (nodemailer's `info.messageId`, also when an
 * earlier attempt's send is what answered) is recorded with the run and returned.
 */
export async function sendMail(deps: FunctionDeps, mail: OutgoingMail, run: MailRun): Promise<string> {
  const { signal, logger, runKey } = run;
  try {
    const result = await inSmtpSpan(mail, () =>
      deps.mailer.send(mail, { signal, waitForConnection: run.outsideTimeout }),
    );
    if (result.alreadySent) {
      logger.info(
        { runKey, messageId: result.messageId, aborted: signal.aborted },
        'mail was already sent, or is being sent, by an earlier attempt of this run; not sending it again',
      );
    } else if (signal.aborted) {
      logger.warn(
        { runKey, messageId: result.messageId, aborted: true, reason: describe(signal.reason) },
        'run was aborted after its mail reached the SMTP server; waited for the answer: delivered',
      );
    }
    run.recordMessageId(result.messageId);
    return result.messageId;
  } catch (error) {
    if (error instanceof MailSendCancelledError) {
      logger.info(
        { runKey, messageId: mail.messageId, aborted: signal.aborted, reason: describe(signal.reason) },
        'mail send cancelled before it reached the SMTP server; nothing was sent',
      );
      throw error;
    }
    if (isPermanentSmtpError(error)) {
      throw new PermanentError(`mail to ${mail.to} refused: ${describe(error)}`, { cause: error });
    }
    throw error;
  }
}

/**
 * Sends one of a run's several mails as a durable step (`send` composes it and calls {@link sendMail}), so a retry
 * skips the mails sent already. The step's result is the Message-ID, recorded again by an attempt that skips it:
 * the run's result names every mail, whichever attempt sent it.
 */
export async function sendMailAsStep(
  run: MailRun & Pick<FunctionContext<unknown>, 'step'>,
  name: string,
  send: () => Promise<string>,
): Promise<void> {
  const messageId: unknown = await run.step.run(name, send);
  // Steps recorded before the Message-ID was their result hold `true`.
  if (typeof messageId === 'string') run.recordMessageId(messageId);
}

function describe(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}
