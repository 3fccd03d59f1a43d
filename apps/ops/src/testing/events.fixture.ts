import { defineEvent, defineFunction, type EventOf } from '@fixstream/events';
import { z } from 'zod';

export const pinged = defineEvent({
  name: 'ops-test/pinged',
  version: 1,
  data: z.object({ n: z.number().int() }),
});
export type Pinged = EventOf<typeof pinged>;

/**
 * A function on `ops-test/pinged` that counts its handler calls per event, fails while `broken` is set (the bug an
 * operator fixes before replaying), and waits on a gate for events whose `n` is held (a run in progress).
 */
export function controlledFunction(id: string) {
  const calls = new Map<string, number>();
  const held = new Map<number, Promise<void>>();
  const control = {
    broken: false,
    calls,
    callsOf: (eventId: string) => calls.get(eventId) ?? 0,
    /** Makes runs of events with this `n` wait until the returned function is called. */
    hold(n: number): () => void {
      let release: () => void = () => {};
      held.set(
        n,
        new Promise<void>((resolve) => {
          release = resolve;
        }),
      );
      return () => {
        held.delete(n);
        release();
      };
    },
    fn: defineFunction({
      id,
      event: pinged,
      handler: async ({ event }) => {
        calls.set(event.id, (calls.get(event.id) ?? 0) + 1);
        await held.get(event.data.n);
        if (control.broken) throw new Error(`${id} is broken`);
      },
    }),
  };
  return control;
}
