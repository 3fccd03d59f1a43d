import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, InvalidWebhookSecretError, parseWebhookSecret } from './secret.ts';

function secretOf(bytes: number): string {
  return `whsec_${Buffer.alloc(bytes, 7).toString('base64')}`;
}

describe('generateWebhookSecret', () => {
  it('makes a whsec_ secret of 32 random bytes that parses back', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(parseWebhookSecret(secret)).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('makes 24 to 64 bytes and refuses other sizes', () => {
    expect(parseWebhookSecret(generateWebhookSecret(24))).toHaveLength(24);
    expect(parseWebhookSecret(generateWebhookSecret(64))).toHaveLength(64);
    expect(() => generateWebhookSecret(23)).toThrow(/24 to 64 bytes, got 23/);
    expect(() => generateWebhookSecret(65)).toThrow(/24 to 64 bytes, got 65/);
    expect(() => generateWebhookSecret(32.5)).toThrow(RangeError);
  });
});

describe('parseWebhookSecret', () => {
  it('returns the key bytes', () => {
    expect(parseWebhookSecret(secretOf(24))).toEqual(Buffer.alloc(24, 7));
    expect(parseWebhookSecret(secretOf(64))).toEqual(Buffer.alloc(64, 7));
  });

  it.each([
    ['no prefix', Buffer.alloc(32).toString('base64'), /must start with "whsec_"/],
    ['another prefix', `whsk_${Buffer.alloc(32).toString('base64')}`, /must start with "whsec_"/],
    ['only the prefix', 'whsec_', /nothing follows "whsec_"/],
    ['a character outside base64', `${secretOf(32).slice(0, -4)}ab-c`, /not padded standard base64/],
    [
      'URL-safe base64',
      `whsec_${Buffer.alloc(33, 0xfb).toString('base64url')}`,
      /not padded standard base64/,
    ],
    ['missing padding', secretOf(32).replace(/=+$/, ''), /not padded standard base64/],
    ['a space', `${secretOf(32)} `, /not padded standard base64/],
    ['bits set after the last byte', `whsec_${'A'.repeat(42)}B=`, /not canonical base64/],
    ['23 bytes', secretOf(23), /its key has 23 bytes; it must have 24 to 64/],
    ['65 bytes', secretOf(65), /its key has 65 bytes; it must have 24 to 64/],
  ])('refuses %s with a clear error', (_case, secret, message) => {
    expect(() => parseWebhookSecret(secret)).toThrow(InvalidWebhookSecretError);
    expect(() => parseWebhookSecret(secret)).toThrow(message);
  });

  it('never repeats the secret in its error', () => {
    const secret = secretOf(10);
    expect(() => parseWebhookSecret(secret)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secret.slice(6, 14)) }),
    );
  });
});
