import type { ParsedMail } from 'mailparser';

/**
 * One mail the SMTP sink received, in a JSON-friendly shape shared by the sink's API and {@link MailSinkClient}
 * users (tests in other processes).
 */
export type StoredMail = {
  /** Sequence number as a string, unique for the sink's lifetime (not reused after `clear()`). */
  id: string;
  /** The Message-ID header with its angle brackets, as mailparser gives it. */
  messageId: string | null;
  /** The From header as text (`Name <address>`), else the envelope sender. */
  from: string | null;
  /** Envelope recipients (RCPT TO), lower-cased: who the mail was actually delivered to, Bcc included. */
  to: string[];
  subject: string | null;
  text: string | null;
  html: string | null;
  /** Raw header values (unfolded, not decoded) by lower-case name; repeated headers joined with "\n". */
  headers: Record<string, string>;
  /**
   * Attached files, inline ones included: `contentId` without its angle brackets. An inline image the HTML refers
   * to (`cid:`) is also in `html`, as a `data:` URL (mailparser swaps the link for the file it names).
   */
  attachments: StoredAttachment[];
  /** ISO timestamp of receipt. */
  receivedAt: string;
};

/** What the sink keeps of an attachment: enough to check it is there and which part refers to it. */
export type StoredAttachment = {
  filename: string | null;
  contentType: string;
  contentId: string | null;
  size: number;
};

/** Filter for listing mails. */
export type MailFilter = { to?: string };

/** Converts a parsed message plus its envelope into a {@link StoredMail}. */
export function toStoredMail(
  id: string,
  parsed: ParsedMail,
  envelope: { from: string | null; to: string[] },
): StoredMail {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const colon = line.indexOf(':');
    const value = (colon === -1 ? '' : line.slice(colon + 1)).replace(/\r?\n[ \t]+/g, ' ').trim();
    const name = key.toLowerCase();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}\n${value}`;
  }
  return {
    id,
    messageId: parsed.messageId ?? null,
    from: parsed.from?.text || envelope.from,
    to: envelope.to.map((address) => address.toLowerCase()),
    subject: parsed.subject ?? null,
    text: parsed.text ?? null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    headers,
    attachments: parsed.attachments.map((attachment) => ({
      filename: attachment.filename ?? null,
      contentType: attachment.contentType,
      contentId: attachment.contentId?.replace(/^<|>$/g, '') ?? null,
      size: attachment.size,
    })),
    receivedAt: new Date().toISOString(),
  };
}

/** True when the mail was delivered to `to` (case-insensitive, envelope recipients). */
export function matchesFilter(mail: StoredMail, filter: MailFilter = {}): boolean {
  const to = filter.to?.trim().toLowerCase();
  return !to || mail.to.includes(to);
}

/**
 * In-memory mail list with a cap (oldest dropped) so a long dev session or a load test cannot grow the sink
 * without bound.
 */
export class MailStore {
  private mails: StoredMail[] = [];
  private sequence = 0;

  constructor(private readonly cap = 5_000) {}

  nextId(): string {
    this.sequence += 1;
    return String(this.sequence);
  }

  add(mail: StoredMail): void {
    this.mails.push(mail);
    if (this.mails.length > this.cap) this.mails.splice(0, this.mails.length - this.cap);
  }

  /** Oldest first; copies, so callers cannot change the store. */
  list(filter: MailFilter = {}): StoredMail[] {
    return this.mails.filter((mail) => matchesFilter(mail, filter)).map((mail) => structuredClone(mail));
  }

  get(id: string): StoredMail | undefined {
    const mail = this.mails.find((candidate) => candidate.id === id);
    return mail && structuredClone(mail);
  }

  clear(): void {
    this.mails = [];
  }
}
