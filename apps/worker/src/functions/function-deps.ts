import type { Database } from '@fixstream/db';
import { isPermanentSmtpError, type Mailer, type OutgoingMail } from '@fixstream/emails';
import { PermanentError } from '@fixstream/events';

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

/**
 * Sends through the pool and tells the runtime which failures retrying cannot fix (a 5xx rejection, an invalid
 * address): those go to the dead-letter stream at once instead of spending four retries.
 */
export async function sendMail(deps: FunctionDeps, mail: OutgoingMail): Promise<void> {
  try {
    await deps.mailer.send(mail);
  } catch (error) {
    if (isPermanentSmtpError(error)) {
      throw new PermanentError(
        `mail to ${mail.to} refused: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}
