import type { CollectionSpec } from './collection-spec.ts';

/**
 * A `cron_schedules` document: a scheduled function's schedule as the workers last ran it, and since when ticks
 * of that schedule count (first recorded, or last changed): a new or changed schedule does not fire for a time
 * before it existed.
 */
export interface ScheduleDocument {
  /** The function id. */
  _id: string;
  cron: string;
  timezone: string;
  since: Date;
  updatedAt: Date;
}

export const cronSchedules: CollectionSpec<ScheduleDocument> = { name: 'cron_schedules', indexes: [] };
