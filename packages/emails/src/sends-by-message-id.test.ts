import { describe, expect, it } from 'vitest';
import { SendsByMessageId } from './sends-by-message-id.ts';

describe('SendsByMessageId', () => {
  it('knows the send in flight until it settles, whether it succeeds or fails', async () => {
    const sends = new SendsByMessageId<string, number>({ rememberMs: 1_000, maxRemembered: 10 });
    let finish = () => {};
    const settled = new Promise<void>((resolve) => {
      finish = resolve;
    });
    sends.track('<a@x>', 'delivery-a', settled);
    const failed = Promise.reject(new Error('boom'));
    sends.track('<b@x>', 'delivery-b', failed);
    expect(sends.inFlight('<a@x>')).toBe('delivery-a');
    await failed.catch(() => undefined);
    expect(sends.inFlight('<b@x>')).toBeUndefined();
    finish();
    await settled;
    expect(sends.inFlight('<a@x>')).toBeUndefined();
  });

  it('remembers late deliveries for a while and forgets the oldest past its bound', () => {
    let now = 0;
    const sends = new SendsByMessageId<string, number>({ rememberMs: 100, maxRemembered: 2, now: () => now });
    sends.rememberLate('<a@x>', 1);
    sends.rememberLate('<b@x>', 2);
    sends.rememberLate('<c@x>', 3);
    expect(sends.deliveredLate('<a@x>')).toBeUndefined();
    expect(sends.deliveredLate('<b@x>')).toBe(2);
    now = 101;
    expect(sends.deliveredLate('<c@x>')).toBeUndefined();
  });
});
