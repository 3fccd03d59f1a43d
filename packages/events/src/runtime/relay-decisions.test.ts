import { describe, expect, it } from 'vitest';
import {
  decideOwedEvent,
  deliveredMarginMs,
  isQueued,
  type OwedEvidence,
  type RunEvidence,
  recheckAt,
} from './relay-decisions.ts';
import type { GroupInfo } from './stream-info.ts';

const now = new Date('2026-11-29T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const settings = {
  confirmLostAfterMs: 60_000,
  confirmUnclaimedAfterMs: 10_000,
  unknownLagAfterMs: 300_000,
  wakeGraceMs: 5_000,
};

const group = (overrides: Partial<GroupInfo> = {}): GroupInfo => ({
  name: 'fn',
  consumers: 1,
  pending: 0,
  lastDeliveredId: `${ago(1_000).getTime()}-0`,
  lag: 0,
  ...overrides,
});
const run = (overrides: Partial<RunEvidence> = {}): RunEvidence => ({
  final: false,
  recorded: false,
  live: false,
  group: group(),
  sleepingUntil: null,
  ...overrides,
});
const owed = (runs: RunEvidence[], overrides: Partial<OwedEvidence> = {}): OwedEvidence => ({
  occurredAt: ago(30_000),
  publishedEntryId: null,
  suspectSince: null,
  runs,
  ...overrides,
});
const decide = (event: OwedEvidence) => decideOwedEvent(event, settings, now);

describe('decideOwedEvent', () => {
  it('settles an event every subscribed function has finished', () => {
    expect(decide(owed([run({ final: true }), run({ final: true, recorded: true })]))).toEqual({
      kind: 'settle',
    });
  });

  it('waits while a run is live in its group or the event is still queued', () => {
    expect(decide(owed([run({ final: true }), run({ recorded: true, live: true })]))).toEqual({
      kind: 'wait',
    });
    const backlog = group({ lag: 5, lastDeliveredId: `${ago(31_000).getTime()}-0` });
    expect(decide(owed([run({ group: backlog })]))).toEqual({ kind: 'wait' });
  });

  it('publishes a run nobody claimed that Redis does not hold once that has lasted past a late claim', () => {
    const missing = [run(), run({ group: undefined }), run({ group: group({ lag: 5 }) })];
    for (const candidate of missing) {
      expect(decide(owed([candidate]))).toEqual({ kind: 'suspect', since: now, confirmAfterMs: 10_000 });
      expect(decide(owed([candidate], { suspectSince: ago(9_999) }))).toEqual({
        kind: 'suspect',
        since: ago(9_999),
        confirmAfterMs: 10_000,
      });
      expect(decide(owed([candidate], { suspectSince: ago(10_000) }))).toEqual({ kind: 'publish' });
    }
  });

  it('gives a young event whose group lag Redis cannot tell the benefit of the doubt, an old one not', () => {
    const unknown = group({ lag: null });
    expect(decide(owed([run({ group: unknown })]))).toEqual({ kind: 'wait' });
    expect(decide(owed([run({ group: unknown })], { occurredAt: ago(301_000) }))).toEqual({
      kind: 'suspect',
      since: now,
      confirmAfterMs: 10_000,
    });
  });

  it('suspects a claimed run that Redis holds no entry of, and publishes only once that has lasted', () => {
    const orphan = run({ recorded: true, group: undefined });
    expect(decide(owed([orphan]))).toEqual({ kind: 'suspect', since: now, confirmAfterMs: 60_000 });
    expect(decide(owed([orphan], { suspectSince: ago(59_999) }))).toEqual({
      kind: 'suspect',
      since: ago(59_999),
      confirmAfterMs: 60_000,
    });
    expect(decide(owed([orphan], { suspectSince: ago(60_000) }))).toEqual({ kind: 'publish' });
  });

  it('waits for the longer confirmation when a claimed and an unclaimed run are both missing', () => {
    const both = owed([run({ recorded: true }), run()], { suspectSince: ago(10_000) });
    expect(decide(both)).toEqual({ kind: 'suspect', since: ago(10_000), confirmAfterMs: 60_000 });
  });
});

describe('isQueued', () => {
  it('compares with the entry the relay published when it knows it', () => {
    const g = group({ lag: 3, lastDeliveredId: '1000-5' });
    expect(isQueued(g, { occurredAt: ago(0), publishedEntryId: '1000-6' })).toBe(true);
    expect(isQueued(g, { occurredAt: ago(0), publishedEntryId: '1000-5' })).toBe(false);
  });

  it('otherwise believes the event delivered only once the group is past its time by the margin', () => {
    const at = ago(60_000);
    const delivered = (ms: number) => group({ lag: 1, lastDeliveredId: `${ms}-0` });
    expect(
      isQueued(delivered(at.getTime() + deliveredMarginMs - 1), { occurredAt: at, publishedEntryId: null }),
    ).toBe(true);
    expect(
      isQueued(delivered(at.getTime() + deliveredMarginMs), { occurredAt: at, publishedEntryId: null }),
    ).toBe(false);
  });

  it('never calls an event queued in a group with nothing left to deliver', () => {
    expect(
      isQueued(group({ lag: 0, lastDeliveredId: '1-0' }), { occurredAt: now, publishedEntryId: null }),
    ).toBe(false);
    expect(isQueued(undefined, { occurredAt: now, publishedEntryId: null })).toBe(false);
  });
});

describe('recheckAt', () => {
  it('looks again at half the age, between 2 s and 60 s', () => {
    expect(recheckAt(ago(1_000), now).getTime() - now.getTime()).toBe(2_000);
    expect(recheckAt(ago(30_000), now).getTime() - now.getTime()).toBe(15_000);
    expect(recheckAt(ago(3_600_000), now).getTime() - now.getTime()).toBe(60_000);
  });
});

describe('decideOwedEvent for a run asleep at a durable step', () => {
  it('waits until its sleep ends (and the grace for its wake-up), looking again only then', () => {
    const sleepingUntil = new Date(now.getTime() + 3_600_000);
    expect(decide(owed([run({ recorded: true, sleepingUntil })]))).toEqual({
      kind: 'wait',
      until: new Date(sleepingUntil.getTime() + settings.wakeGraceMs),
    });
  });

  it('looks again as usual while another function still runs the event', () => {
    const sleepingUntil = new Date(now.getTime() + 3_600_000);
    const verdict = decide(
      owed([run({ recorded: true, sleepingUntil }), run({ recorded: true, live: true })]),
    );
    expect(verdict).toEqual({ kind: 'wait' });
  });

  it('publishes at once when its wake-up is overdue and nothing runs it: Redis lost the wake-up', () => {
    const sleepingUntil = new Date(now.getTime() - settings.wakeGraceMs - 1);
    expect(decide(owed([run({ recorded: true, sleepingUntil })]))).toEqual({ kind: 'publish' });
  });

  it('waits while its wake-up is queued behind a backlog, and publishes once the group has delivered past it', () => {
    const sleepingUntil = new Date(now.getTime() - 60_000);
    const behind = group({ lag: 5_000, lastDeliveredId: `${sleepingUntil.getTime() - 20_000}-0` });
    expect(
      decide(owed([run({ recorded: true, sleepingUntil, group: behind })], { occurredAt: ago(600_000) })),
    ).toEqual({
      kind: 'wait',
    });
    const past = group({ lag: 5_000, lastDeliveredId: `${sleepingUntil.getTime() + deliveredMarginMs}-0` });
    expect(
      decide(owed([run({ recorded: true, sleepingUntil, group: past })], { occurredAt: ago(600_000) })),
    ).toEqual({
      kind: 'publish',
    });
  });

  it('waits while the woken run is running', () => {
    const sleepingUntil = new Date(now.getTime() - 3_600_000);
    expect(decide(owed([run({ recorded: true, live: true, sleepingUntil })]))).toEqual({ kind: 'wait' });
  });
});
