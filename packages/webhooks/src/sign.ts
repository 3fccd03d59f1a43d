import { createHmac } from 'node:crypto';
import { parseWebhookSecret } from './secret.ts';

/** A message id goes into a header and into the signed content: visible ASCII only, no spaces. */
const MESSAGE_ID = /^[\x21-\x7e]{1,255}$/;

export interface SignWebhookInput {
  /** The message's id: the same on every attempt of one message, so receivers can drop duplicates. */
  id: string;
  /** When this attempt is sent: receivers refuse timestamps far from their clock, which stops replays. */
  timestamp: Date;
  /** The exact body sent: the signature covers these characters, so it must not be re-serialised after. */
  payload: string;
  /**
   * One `whsec_` secret, or several while a secret is rotated: each one signs, and a receiver that knows
   * either the old or the new secret accepts the message.
   */
  secret: string | readonly string[];
}

/** The three Standard Webhooks headers, named in lower case as HTTP/2 and most frameworks see them. */
export interface WebhookSignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs a message the Standard Webhooks way: `v1,<base64 HMAC-SHA256 of "id.timestamp.payload">` per secret,
 * space-separated, with the timestamp in unix seconds. Receivers verify it with any Standard Webhooks library.
 */
export function signWebhook(input: SignWebhookInput): WebhookSignatureHeaders {
  const { id, timestamp, payload } = input;
  if (!MESSAGE_ID.test(id)) {
    throw new RangeError(
      `A webhook message id is 1 to 255 visible ASCII characters, got ${JSON.stringify(id)}`,
    );
  }
  const millis = timestamp.getTime();
  if (!Number.isFinite(millis)) throw new RangeError('The webhook timestamp is an invalid Date');
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  if (secrets.length === 0) throw new RangeError('At least one webhook secret is needed to sign');

  const seconds = String(Math.floor(millis / 1000));
  const signedContent = `${id}.${seconds}.${payload}`;
  const signatures = secrets.map(
    (secret) =>
      `v1,${createHmac('sha256', parseWebhookSecret(secret)).update(signedContent).digest('base64')}`,
  );
  return { 'webhook-id': id, 'webhook-timestamp': seconds, 'webhook-signature': signatures.join(' ') };
}
