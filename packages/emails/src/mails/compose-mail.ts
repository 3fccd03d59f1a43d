import type { ReactElement } from 'react';
import { headerSafe } from '../header-safe.ts';
import { renderEmail } from '../render.ts';

/** A composed mail, ready for `Mailer.send` once the worker adds the recipient and Message-ID. */
export type ComposedMail = { subject: string; html: string; text: string };

/**
 * The one path from a template to a mail: every subject goes through {@link headerSafe} here, so a new mail
 * cannot forget that request titles are user text that may carry CR/LF.
 */
export async function composeMail(subject: string, email: ReactElement): Promise<ComposedMail> {
  const { html, text } = await renderEmail(email);
  return { subject: headerSafe(subject), html, text };
}
