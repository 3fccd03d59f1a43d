import { describe, expect, it } from 'vitest';
import { Delivery, type DeliverySteps } from './delivery.ts';

function controllable() {
  let steps: DeliverySteps | undefined;
  let finish: (value: string) => void = () => {};
  const delivery = new Delivery<string>((given) => {
    steps = given;
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      given.signal.addEventListener('abort', () => reject(given.signal.reason));
    });
  });
  return { delivery, steps: () => steps as DeliverySteps, finish: (value: string) => finish(value) };
}

describe('Delivery', () => {
  it('is cancelled by a follower while it has not been handed over', async () => {
    const { delivery } = controllable();
    const caller = new AbortController();
    const following = delivery.follow(caller.signal);
    caller.abort(new Error('timed out'));
    await expect(following).rejects.toThrow('timed out');
    expect(delivery.cancel(new Error('again'))).toBe(false);
  });

  it('ignores aborts once handed over and gives every follower the outcome', async () => {
    const { delivery, steps, finish } = controllable();
    steps().handedOver();
    const first = new AbortController();
    const following = delivery.follow(first.signal);
    first.abort(new Error('timed out'));
    const joined = delivery.follow(AbortSignal.abort(new Error('already aborted')));
    expect(steps().signal.aborted).toBe(false);
    finish('250 OK');
    await expect(following).resolves.toBe('250 OK');
    await expect(joined).resolves.toBe('250 OK');
  });
});
