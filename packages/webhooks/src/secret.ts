import { randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;
/** Canonical, padded base64: what `Buffer#toString('base64')` writes, so a secret has exactly one spelling. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * A webhook secret that cannot be used. The message says what is wrong with it but never repeats the secret, so
 * it is safe to log and to show to the admin who pasted it.
 */
export class InvalidWebhookSecretError extends Error {
  override name = 'InvalidWebhookSecretError';

  constructor(problem: string) {
    super(`Invalid webhook secret: ${problem}`);
  }
}

/**
 * A new secret in the Standard Webhooks form, `whsec_<base64 of random bytes>`: the form receivers' libraries
 * accept as is. 32 bytes is the usual choice (HMAC-SHA256's block holds up to 64).
 */
export function generateWebhookSecret(byteLength = 32): string {
  if (!Number.isInteger(byteLength) || byteLength < MIN_KEY_BYTES || byteLength > MAX_KEY_BYTES) {
    throw new RangeError(
      `A webhook secret has ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes, got ${String(byteLength)}`,
    );
  }
  return `${PREFIX}${randomBytes(byteLength).toString('base64')}`;
}

/**
 * The HMAC key of a `whsec_` secret. Strict (canonical base64, 24 to 64 bytes) so that a secret stored with a
 * typo, truncated by a form field or pasted with a stray space fails when it is saved, not as signatures that
 * no receiver accepts.
 */
export function parseWebhookSecret(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new InvalidWebhookSecretError(`it must start with "${PREFIX}"`);
  const encoded = secret.slice(PREFIX.length);
  if (encoded === '') throw new InvalidWebhookSecretError(`nothing follows "${PREFIX}"`);
  if (!BASE64.test(encoded)) {
    throw new InvalidWebhookSecretError(`what follows "${PREFIX}" is not padded standard base64`);
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.toString('base64') !== encoded) {
    throw new InvalidWebhookSecretError(`what follows "${PREFIX}" is not canonical base64`);
  }
  if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
    throw new InvalidWebhookSecretError(
      `its key has ${key.length} bytes; it must have ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES}`,
    );
  }
  return key;
}
