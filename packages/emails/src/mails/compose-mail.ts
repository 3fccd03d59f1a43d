import type { ReactElement } from 'react';
import { headerSafe } from '../header-safe.ts';
import type { InlineAttachment } from '../inline-attachment.ts';
import { renderEmail } from '../render.ts';

/** A composed mail, ready for `Mailer.send` once the worker adds the recipient and Message-ID. */
export type ComposedMail = {
  subject: string;
  html: string;
  text: string;
  /** Images the HTML shows by `cid:` (a report's chart); absent for mails without any. */
  attachments?: InlineAttachment[];
};

/**
 * The one path from a template to a mail: every subject goes through {@link headerSafe} here, so a new mail
 * cannot forget that request titles are user text that may carry CR/LF. Inline attachments must be referenced by
 * the HTML (`cid:<cid>`): one that is not would show up in most clients as a stray file at the end of the mail.
 */
export async function composeMail(
  subject: string,
  email: ReactElement,
  attachments: InlineAttachment[] = [],
): Promise<ComposedMail> {
  const { html, text } = await renderEmail(email);
  const composed: ComposedMail = { subject: headerSafe(subject), html, text };
  if (attachments.length === 0) return composed;
  for (const { cid } of attachments) {
    if (!html.includes(`"cid:${cid}"`))
      throw new Error(`The HTML part does not show the attachment cid:${cid}`);
  }
  return { ...composed, attachments };
}
