import type { OutboxEvent } from '../outbox/outbox-event.ts';
import type { CollectionSpec } from './collection-spec.ts';

/**
 * A `cron_ticks` document: one tick of a scheduled function, keyed by its event id (`cronTickId`), so that
 * inserting it decides, once across processes, that the tick fires. It is the aggregate whose outbox holds the
 * tick's event (ref `cron:<event id>`), and stays as the schedule's history until retention removes it.
 */
export interface TickDocument {
  _id: string;
  functionId: string;
  scheduledAt: Date;
  outbox: OutboxEvent[];
  createdAt: Date;
}

/** Serves a function's last tick (`pnpm ops status`, the scheduler's cursor) and the retention of old ticks. */
export const ticksByFunction = { functionId: 1, scheduledAt: 1 } as const;

export const cronTicks: CollectionSpec<TickDocument> = {
  name: 'cron_ticks',
  indexes: [{ key: ticksByFunction }],
};
