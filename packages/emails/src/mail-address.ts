import { hasControlCharacters } from './header-safe.ts';
import { InvalidRecipientError } from './mailer-errors.ts';

/** Characters nodemailer's address parser treats as list separators, groups, comments or display names. */
const ADDRESS_SYNTAX = /[\s,;:<>()[\]\\"]/;

/**
 * Accepts exactly one bare address (`local@domain`). nodemailer would happily parse `a@x, b@y` or
 * `a@x\r\nBcc: c@z` into several recipients, so a technician's stored email must never get that chance.
 * Deliverability beyond the syntax is the server's call (its 5xx is permanent anyway).
 */
export function assertSingleRecipient(to: string): void {
  if (hasControlCharacters(to)) {
    throw new InvalidRecipientError(to, 'contains a line break or control character');
  }
  if (to.includes(',') || to.includes(';')) {
    throw new InvalidRecipientError(to, 'must be a single address, not a list');
  }
  const at = to.lastIndexOf('@');
  const local = to.slice(0, at);
  const domain = to.slice(at + 1);
  if (
    ADDRESS_SYNTAX.test(to) ||
    at <= 0 ||
    local.includes('@') ||
    domain.length === 0 ||
    local.length > 64 ||
    to.length > 254 ||
    domain.startsWith('.') ||
    domain.endsWith('.') ||
    domain.includes('..')
  ) {
    throw new InvalidRecipientError(to, 'is not a plain email address (local@domain)');
  }
}
