import { describe, expect, it } from 'vitest';
import { ConnectionSlots } from './connection-slots.ts';

describe('ConnectionSlots', () => {
  it('grants up to its size at once, then in arrival order as slots come back', async () => {
    const slots = new ConnectionSlots(2);
    const first = await slots.acquire();
    await slots.acquire();
    const order: string[] = [];
    const third = slots.acquire().then((release) => {
      order.push('third');
      return release;
    });
    const fourth = slots.acquire().then(() => order.push('fourth'));
    expect(slots.waiting).toBe(2);
    first();
    first();
    (await third)();
    await fourth;
    expect(order).toEqual(['third', 'fourth']);
    expect(slots.waiting).toBe(0);
  });

  it('lets an aborted waiter leave the line without taking a slot', async () => {
    const slots = new ConnectionSlots(1);
    const held = await slots.acquire();
    const controller = new AbortController();
    const leaving = slots.acquire(controller.signal);
    const staying = slots.acquire();
    controller.abort(new Error('gave up'));
    await expect(leaving).rejects.toThrow('gave up');
    expect(slots.waiting).toBe(1);
    held();
    const release = await staying;
    expect(slots.waiting).toBe(0);
    release();
    await expect(slots.acquire(AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
    (await slots.acquire())();
  });

  it('refuses a size below one', () => {
    expect(() => new ConnectionSlots(0)).toThrow(RangeError);
  });
});
