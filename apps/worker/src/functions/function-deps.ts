import type { Database } from '@fixstream/db';
import type { Mailer } from '@fixstream/emails';

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
