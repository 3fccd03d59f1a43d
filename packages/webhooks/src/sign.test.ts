import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret } from './secret.ts';
import { signWebhook } from './sign.ts';

const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: new Date(1_614_265_330_000),
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const payload = JSON.stringify({
  type: 'maintenance/request.created',
  data: { subject: 'Pompe à chaleur 🔧' },
});

describe('signWebhook', () => {
  it('signs the known vector: id, unix seconds and v1 HMAC-SHA256 in base64', () => {
    expect(signWebhook(VECTOR)).toEqual({
      'webhook-id': VECTOR.id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': VECTOR.signature,
    });
    const { secret, id, timestamp } = VECTOR;
    expect(new Webhook(secret).sign(id, timestamp, VECTOR.payload)).toBe(VECTOR.signature);
  });

  it('drops the milliseconds of the timestamp', () => {
    const headers = signWebhook({ ...VECTOR, timestamp: new Date(1_614_265_330_999) });
    expect(headers['webhook-timestamp']).toBe('1614265330');
    expect(headers['webhook-signature']).toBe(VECTOR.signature);
  });

  it('is accepted by the standardwebhooks verifier, non-ASCII payload included', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook({ id: 'msg_1', timestamp: new Date(), payload, secret });
    expect(new Webhook(secret).verify(payload, { ...headers })).toEqual(JSON.parse(payload));
  });

  it('is rejected by the verifier for a tampered payload, a wrong secret or an old timestamp', () => {
    const secret = generateWebhookSecret();
    const headers = { ...signWebhook({ id: 'msg_2', timestamp: new Date(), payload, secret }) };
    const tampered = payload.replace('created', 'deleted');
    expect(() => new Webhook(secret).verify(tampered, headers)).toThrow('No matching signature found');
    expect(() => new Webhook(generateWebhookSecret()).verify(payload, headers)).toThrow(
      'No matching signature found',
    );

    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    const old = { ...signWebhook({ id: 'msg_3', timestamp: tenMinutesAgo, payload, secret }) };
    expect(() => new Webhook(secret).verify(payload, old)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(payload, old)).toThrow('Message timestamp too old');
  });

  it('signs with every secret of a rotation, so a receiver knowing either one accepts', () => {
    const [oldSecret, newSecret] = [generateWebhookSecret(), generateWebhookSecret(48)];
    const headers = {
      ...signWebhook({ id: 'msg_4', timestamp: new Date(), payload, secret: [oldSecret, newSecret] }),
    };
    const signatures = headers['webhook-signature'].split(' ');
    expect(signatures).toHaveLength(2);
    expect(signatures.every((signature) => signature.startsWith('v1,'))).toBe(true);
    expect(new Webhook(oldSecret).verify(payload, headers)).toEqual(JSON.parse(payload));
    expect(new Webhook(newSecret).verify(payload, headers)).toEqual(JSON.parse(payload));
    expect(() => new Webhook(generateWebhookSecret()).verify(payload, headers)).toThrow();
  });

  it('refuses ids that cannot be a header value, an invalid Date and no secret', () => {
    const base = { id: 'msg_5', timestamp: new Date(), payload, secret: generateWebhookSecret() };
    expect(() => signWebhook({ ...base, id: '' })).toThrow(/1 to 255 visible ASCII characters/);
    expect(() => signWebhook({ ...base, id: 'msg\r\nx-evil: 1' })).toThrow(/visible ASCII/);
    expect(() => signWebhook({ ...base, id: 'msg 6' })).toThrow(/visible ASCII/);
    expect(() => signWebhook({ ...base, id: 'm'.repeat(256) })).toThrow(/visible ASCII/);
    expect(() => signWebhook({ ...base, timestamp: new Date(Number.NaN) })).toThrow(/invalid Date/);
    expect(() => signWebhook({ ...base, secret: [] })).toThrow(/At least one webhook secret/);
    expect(() => signWebhook({ ...base, secret: 'not-a-secret' })).toThrow(/must start with "whsec_"/);
  });
});
