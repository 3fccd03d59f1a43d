/**
 * A mail the mailer refuses before talking to any server. Retrying cannot fix it, so the worker
 * dead-letters it at once (see {@link isPermanentSmtpError}).
 */
export class InvalidMailError extends Error {
  override name = 'InvalidMailError';
}

/**
 * The recipient is not exactly one plain address. Kept distinct because it usually means bad user data
 * (fix the technician's email) rather than a bug in the worker.
 */
export class InvalidRecipientError extends InvalidMailError {
  override name = 'InvalidRecipientError';

  constructor(
    readonly recipient: string,
    reason: string,
  ) {
    // JSON.stringify so a hostile address cannot forge log lines through the error message.
    super(`Invalid recipient ${JSON.stringify(recipient)}: ${reason}`);
  }
}

/** `send` after `close`: transient, because the same mail will go through another (new) mailer. */
export class MailerClosedError extends Error {
  override name = 'MailerClosedError';

  constructor() {
    super('Mailer is closed');
  }
}

/**
 * The caller's signal aborted before the message was handed to the server (while waiting for a connection,
 * during the envelope, or while the body was still streaming): the transaction was abandoned, so nothing was
 * delivered and sending again later cannot duplicate the mail. Transient, like the timeout that usually causes it.
 */
export class MailSendCancelledError extends Error {
  override name = 'MailSendCancelledError';

  constructor(reason: unknown) {
    const why = reason instanceof Error ? reason.message : String(reason);
    super(`Send cancelled before the message reached the SMTP server: ${why}`, { cause: reason });
  }
}

/**
 * Failures of the connection or of the server's setup rather than of this message. Some carry a 5xx (a
 * revoked password answers 535) but every other mail would fail the same way, so retrying with backoff
 * gives an operator time to fix it before the mails land in the dead-letter stream.
 */
const CONNECTION_LEVEL_CODES: ReadonlySet<string> = new Set([
  'ECONNECTION',
  'ESOCKET',
  'ETIMEDOUT',
  'EDNS',
  'ETLS',
  'EPROXY',
  'EPROTOCOL',
  'EAUTH',
  'ENOAUTH',
  'EOAUTH2',
  'ECONFIG',
  'EMAXLIMIT',
  'EABORT',
]);

/** Refused locally by nodemailer before the server replied: the message itself is unsendable. */
const LOCAL_MESSAGE_CODES: ReadonlySet<string> = new Set([
  'EENVELOPE',
  'EMAXRECIPIENTS',
  'EFILEACCESS',
  'EURLACCESS',
]);

type SmtpErrorLike = { code?: unknown; responseCode?: unknown };

/**
 * Decides retry vs dead letter for a failed send, so the worker does not burn retries on a mail the
 * server will never take, nor dead-letter one that a server restart would have let through.
 *
 * Permanent: {@link InvalidMailError} (incl. {@link InvalidRecipientError}); a 5xx reply to the envelope or
 * the message (e.g. 550 unknown mailbox, 552/554 rejected content), except 503 (bad command sequence, a
 * session problem that a new connection clears — RFC 5321 and nodemailer agree); an envelope nodemailer
 * rejects locally. Transient: 4xx replies, connection refused/reset/timeout, DNS, TLS and authentication
 * failures, a closed pool, and anything unrecognised (retries are bounded, so erring this way is cheap).
 */
export function isPermanentSmtpError(err: unknown): boolean {
  if (err instanceof InvalidMailError) return true;
  if (typeof err !== 'object' || err === null) return false;
  const { code, responseCode } = err as SmtpErrorLike;
  if (typeof code === 'string' && CONNECTION_LEVEL_CODES.has(code)) return false;
  if (typeof responseCode === 'number') {
    return responseCode >= 500 && responseCode < 600 && responseCode !== 503;
  }
  return typeof code === 'string' && LOCAL_MESSAGE_CODES.has(code);
}
