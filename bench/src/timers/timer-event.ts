import { defineEvent } from '@fixstream/events';
import { z } from 'zod';

/** One sleeper of the timers bench: `n` tells runs apart, `at` (epoch ms) is when it should wake. */
export const timerSet = defineEvent({
  name: 'bench/timer-set',
  version: 1,
  data: z.object({ n: z.number().int().nonnegative(), at: z.number().int().positive() }),
});
