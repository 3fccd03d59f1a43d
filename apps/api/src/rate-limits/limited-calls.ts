import type { Action } from '../policy/policy.ts';

/**
 * The calls limited per user per minute: `reads` are the lists and stats, each a scan of a collection on
 * FerretDB; `creates` each write a document (and for requests, owe an event and a mail).
 */
export type LimitedCall = 'reads' | 'creates';

/** Which limit each procedure counts against; procedures not listed here are not limited per user. */
export const limitedCalls: Partial<Record<Action, LimitedCall>> = {
  'users.list': 'reads',
  'teams.list': 'reads',
  'equipment.list': 'reads',
  'requests.list': 'reads',
  'requests.stats': 'reads',
  'webhooks.list': 'reads',
  'requests.history': 'reads',
  'ops.streams': 'reads',
  'ops.functions': 'reads',
  'ops.runs': 'reads',
  'ops.deadLetters': 'reads',
  'ops.run': 'reads',
  'users.create': 'creates',
  'teams.create': 'creates',
  'equipment.create': 'creates',
  'requests.create': 'creates',
  'webhooks.create': 'creates',
  'ops.replay': 'creates',
  'ops.redrive': 'creates',
};
