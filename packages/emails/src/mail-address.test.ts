import { describe, expect, it } from 'vitest';
import { assertSingleRecipient } from './mail-address.ts';
import { InvalidRecipientError } from './mailer-errors.ts';

describe('assertSingleRecipient', () => {
  it.each(['tech@example.com', 'first.last+tag@sub.example.co.uk', 'tech@localhost', 'técnico@ejemplo.es'])(
    'accepts %s',
    (address) => {
      expect(() => assertSingleRecipient(address)).not.toThrow();
    },
  );

  it.each([
    ['tech@example.com\r\nBcc: x@y', 'line break'],
    ['tech@example.com\nx', 'line break'],
    ['tech@example.com\u2028', 'line break'],
    ['a@example.com, b@example.com', 'single address'],
    ['a@example.com;b@example.com', 'single address'],
    ['Tech <tech@example.com>', 'plain email address'],
    ['tech example@example.com', 'plain email address'],
    ['no-at-sign', 'plain email address'],
    ['@example.com', 'plain email address'],
    ['tech@', 'plain email address'],
    ['a@b@example.com', 'plain email address'],
    ['tech@.example.com', 'plain email address'],
    ['tech@example..com', 'plain email address'],
    ['', 'plain email address'],
  ])('rejects %j (%s)', (address, reason) => {
    const attempt = () => assertSingleRecipient(address);
    expect(attempt).toThrow(InvalidRecipientError);
    expect(attempt).toThrow(reason);
  });

  it('quotes the address in the message so it cannot forge log lines', () => {
    try {
      assertSingleRecipient('x@y.z\nFAKE LOG LINE');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidRecipientError);
      expect((err as Error).message).not.toContain('\n');
      expect((err as InvalidRecipientError).recipient).toBe('x@y.z\nFAKE LOG LINE');
    }
  });
});
