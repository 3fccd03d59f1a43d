import { defineEvent, defineFunction, type EventOf, type FunctionContext } from '@fixstream/events';
import { z } from 'zod';

export const pinged = defineEvent({
  name: 'test/pinged',
  version: 1,
  data: z.object({ n: z.number().int() }),
});
export type Pinged = EventOf<typeof pinged>;

/** Work for one company: flow control keys on `data.company`. */
export const keyedWork = defineEvent({
  name: 'test/keyed-work',
  version: 1,
  data: z.object({ company: z.string(), n: z.number().int() }),
});

/** A function on `test/pinged` whose handler the test provides. */
export function pingFunction(
  handler: (context: FunctionContext<Pinged>) => Promise<void>,
  overrides: Partial<Parameters<typeof defineFunction>[0]> = {},
) {
  return defineFunction({ id: 'count-pings', event: pinged, handler, ...overrides });
}
