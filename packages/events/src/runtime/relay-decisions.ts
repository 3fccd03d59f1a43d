import { compareStreamIds, type GroupInfo } from './stream-info.ts';

/** What the relay knows of one subscribed function's run of an owed event. */
export interface RunEvidence {
  /** The ledger holds a final result. */
  final: boolean;
  /** The ledger recorded a claim: some worker started the run at least once. */
  recorded: boolean;
  /** Some entry of the run is pending in the function's group: running, waiting to retry, or to be taken over. */
  live: boolean;
  /** The function's consumer group; undefined when Redis has none (never created, or lost with its data). */
  group: GroupInfo | undefined;
  /** For a run asleep at a durable step: when its sleep ends. */
  sleepingUntil: Date | null;
}

/** An owed event as the relay weighs it. */
export interface OwedEvidence {
  occurredAt: Date;
  /** The entry the relay last published it as, if it did. */
  publishedEntryId: string | null;
  /** Since when the relay has seen a recorded run of it neither final nor live; null if it has not. */
  suspectSince: Date | null;
  runs: readonly RunEvidence[];
}

export interface VerdictSettings {
  /** A run that is recorded, not final and not live is republished only after being seen so this long. */
  confirmLostAfterMs: number;
  /**
   * A run with no record, not live and not queued is republished only after being seen so this long: it may be
   * running on its only delivery, which claims it in the ledger within `claimAfterMs` (see `isSoleDelivery`).
   */
  confirmUnclaimedAfterMs: number;
  /** Events older than this whose group's lag Redis cannot tell are presumed lost. */
  unknownLagAfterMs: number;
  /**
   * How long past the end of a sleep its run may take to be woken (Redis moves the wake-up into the stream)
   * before the relay takes the wake-up for lost with Redis' data and publishes the event again.
   */
  wakeGraceMs: number;
}

/**
 * The relay's decision for one owed event:
 * - `settle`: every subscribed function has a final result, the event is owed no more;
 * - `wait`: every open run is still queued in its stream or pending in its group, or asleep (then, when nothing
 *   else is open, until its sleep ends), or woken with its wake-up entry still queued behind a backlog;
 * - `publish`: some run is missing from Redis (never published, or lost with Redis' data) and has been for long
 *   enough to be sure;
 * - `suspect`: some run is neither final, nor queued, nor pending in Redis. If it was claimed, its worker may still
 *   be running it (Redis lost its data under it): the relay publishes only once the run has stayed so for longer
 *   than any run can last (`confirmLostAfterMs`). If not, it may have just started on its only delivery, which
 *   claims it within a second: the relay waits `confirmUnclaimedAfterMs`.
 */
export type Verdict =
  | { kind: 'settle' }
  | { kind: 'wait'; until?: Date }
  | { kind: 'publish' }
  | { kind: 'suspect'; since: Date; confirmAfterMs: number };

export function decideOwedEvent(event: OwedEvidence, settings: VerdictSettings, now: Date): Verdict {
  const open = event.runs.filter((run) => !run.final);
  if (open.length === 0) return { kind: 'settle' };
  let confirmAfterMs: number | null = null;
  let wakeLost = false;
  const wakes: number[] = [];
  for (const run of open) {
    if (run.live || isQueued(run.group, event)) continue;
    if (run.sleepingUntil) {
      // Its wake-up entry is added when the sleep ends: behind a backlog it is queued in the stream, not lost.
      if (isQueued(run.group, { occurredAt: run.sleepingUntil, publishedEntryId: null })) continue;
      // Asleep, and nothing runs it: no worker can be running it, so a lost wake-up needs no confirming.
      const due = run.sleepingUntil.getTime() + settings.wakeGraceMs;
      if (now.getTime() >= due) wakeLost = true;
      else wakes.push(due);
      continue;
    }
    if (!run.recorded && isLagUnknownYet(run.group, event, settings, now)) continue;
    const needed = run.recorded ? settings.confirmLostAfterMs : settings.confirmUnclaimedAfterMs;
    confirmAfterMs = Math.max(confirmAfterMs ?? 0, needed);
  }
  if (confirmAfterMs === null) {
    if (wakeLost) return { kind: 'publish' };
    if (wakes.length === open.length) return { kind: 'wait', until: new Date(Math.min(...wakes)) };
    return { kind: 'wait' };
  }
  const since = event.suspectSince ?? now;
  if (now.getTime() - since.getTime() >= confirmAfterMs) return { kind: 'publish' };
  return { kind: 'suspect', since, confirmAfterMs };
}

/**
 * How far past an event's time a group must have delivered before the relay believes the event's entry (whose id
 * it does not know when only the producer published it) is behind it: stream ids carry Redis' clock, `occurredAt`
 * the producer's, and the entry is added a little after the event was made. Believing it too early costs one
 * harmless duplicate entry; too late, a delay of this much under a backlog.
 */
export const deliveredMarginMs = 10_000;

/**
 * Not yet delivered to the group: the group has entries left to deliver and has delivered nothing as recent as
 * the event's entry (known when the relay published it) or, failing that, its time plus `deliveredMarginMs`.
 */
export function isQueued(
  group: GroupInfo | undefined,
  event: Pick<OwedEvidence, 'occurredAt' | 'publishedEntryId'>,
): boolean {
  if (!group || group.lag === null || group.lag === 0) return false;
  if (event.publishedEntryId) return compareStreamIds(group.lastDeliveredId, event.publishedEntryId) < 0;
  return idTimestamp(group.lastDeliveredId) < event.occurredAt.getTime() + deliveredMarginMs;
}

/** Redis cannot tell the group's lag (after an XDEL, say): give a young event the benefit of the doubt. */
function isLagUnknownYet(
  group: GroupInfo | undefined,
  event: Pick<OwedEvidence, 'occurredAt'>,
  settings: VerdictSettings,
  now: Date,
): boolean {
  return (
    group !== undefined &&
    group.lag === null &&
    now.getTime() - event.occurredAt.getTime() <= settings.unknownLagAfterMs
  );
}

/** Stream ids are `<milliseconds>-<sequence>`. */
function idTimestamp(id: string): number {
  return Number(id.split('-')[0]);
}

/** Young events are checked again soon, old ones less often: at half their age, between 2 s and 60 s. */
export function recheckAt(occurredAt: Date, now: Date): Date {
  const age = Math.max(0, now.getTime() - occurredAt.getTime());
  return new Date(now.getTime() + Math.min(60_000, Math.max(2_000, age / 2)));
}
