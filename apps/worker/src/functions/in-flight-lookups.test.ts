import { describe, expect, it } from 'vitest';
import { InFlightLookups } from './in-flight-lookups.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('InFlightLookups', () => {
  it('shares one lookup among callers that ask for the same key while it runs', async () => {
    const lookups = new InFlightLookups();
    const pending = deferred<string>();
    let calls = 0;
    const lookup = () => {
      calls++;
      return pending.promise;
    };
    const first = lookups.get('user:1', lookup);
    const second = lookups.get('user:1', lookup);
    expect(calls).toBe(1);
    pending.resolve('Tara');
    await expect(Promise.all([first, second])).resolves.toEqual(['Tara', 'Tara']);
  });

  it('runs separate lookups for different keys', async () => {
    const lookups = new InFlightLookups();
    const [a, b] = await Promise.all([
      lookups.get('user:1', async () => 'Tara'),
      lookups.get('user:2', async () => 'Eli'),
    ]);
    expect([a, b]).toEqual(['Tara', 'Eli']);
  });

  it('keeps nothing once a lookup settles: the next caller reads afresh', async () => {
    const lookups = new InFlightLookups();
    let version = 0;
    const lookup = async () => ++version;
    expect(await lookups.get('team:1', lookup)).toBe(1);
    expect(lookups.size).toBe(0);
    expect(await lookups.get('team:1', lookup)).toBe(2);
  });

  it('hands a failure to every caller that joined, and lets the next caller try again', async () => {
    const lookups = new InFlightLookups();
    const pending = deferred<string>();
    const first = lookups.get('user:1', () => pending.promise);
    const second = lookups.get('user:1', () => pending.promise);
    pending.reject(new Error('database away'));
    await expect(first).rejects.toThrow('database away');
    await expect(second).rejects.toThrow('database away');
    expect(lookups.size).toBe(0);
    await expect(lookups.get('user:1', async () => 'Tara')).resolves.toBe('Tara');
  });
});
