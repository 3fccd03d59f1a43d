import { describe, expect, it } from 'vitest';
import {
  InvalidMailError,
  InvalidRecipientError,
  isPermanentSmtpError,
  MailerClosedError,
  MailSendCancelledError,
} from './mailer-errors.ts';

function smtpError(code: string, responseCode?: number): Error {
  return Object.assign(new Error(code), { code, responseCode });
}

describe('isPermanentSmtpError', () => {
  it.each([
    ['550 recipient rejected (EENVELOPE)', smtpError('EENVELOPE', 550)],
    ['553 mailbox name not allowed', smtpError('EENVELOPE', 553)],
    ['552 message too big after DATA', smtpError('EMESSAGE', 552)],
    ['554 transaction failed', smtpError('EMESSAGE', 554)],
    ['EENVELOPE raised locally (no recipients)', smtpError('EENVELOPE')],
    ['an invalid recipient', new InvalidRecipientError('a,b', 'list')],
    ['an invalid mail', new InvalidMailError('bad Message-ID')],
  ])('permanent: %s', (_name, err) => {
    expect(isPermanentSmtpError(err)).toBe(true);
  });

  it.each([
    ['451 try again later', smtpError('EENVELOPE', 451)],
    ['452 insufficient storage', smtpError('EMESSAGE', 452)],
    ['421 service closing', smtpError('ECONNECTION', 421)],
    ['503 bad sequence (session state)', smtpError('EENVELOPE', 503)],
    ['connection refused', Object.assign(smtpError('ESOCKET'), { originalCode: 'ECONNREFUSED' })],
    ['connection timeout', smtpError('ETIMEDOUT')],
    ['connection closed', smtpError('ECONNECTION')],
    ['DNS failure', smtpError('EDNS')],
    ['TLS failure', smtpError('ETLS')],
    ['535 authentication failed (server setup, not this mail)', smtpError('EAUTH', 535)],
    ['pool closed while queued', new Error('Connection pool was closed')],
    ['mailer closed', new MailerClosedError()],
    [
      'send cancelled before the message reached the server',
      new MailSendCancelledError(new Error('timeout')),
    ],
    ['a plain Node socket error', Object.assign(new Error('x'), { code: 'ECONNRESET' })],
    ['a string', 'boom'],
    ['null', null],
    ['undefined', undefined],
  ])('transient: %s', (_name, err) => {
    expect(isPermanentSmtpError(err)).toBe(false);
  });
});
