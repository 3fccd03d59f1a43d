import { setTimeout as sleep } from 'node:timers/promises';
import { type RequestStatus, type RequestType, requestOutboxRef } from '@fixstream/db';
import type { EventEnvelope } from '@fixstream/events';
import type { OutboxEvent } from '@fixstream/run-storage';
import type { Types } from 'mongoose';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import {
  claimHeld,
  claimNextRevision,
  dropClaimsBelow,
  type RevisionClaims,
  rereadDelaysMs,
} from '../shared/revision-claim.ts';
import { writeRequestRevision } from './request-revision-write.ts';
import { termsChange } from './request-terms-change.ts';

/** A request as a change reads it: what the checks need, its revision and its outbox. */
export interface RequestForChange {
  _id: Types.ObjectId;
  company: Types.ObjectId;
  subject: string;
  priority: number;
  status: RequestStatus;
  assignedTechnician?: Types.ObjectId | null;
  maintenanceTeam: Types.ObjectId;
  requestedBy: Types.ObjectId;
  type: RequestType;
  scheduledDate?: Date | null;
  /** Missing on requests stored before requests had revisions. */
  revision?: number;
  /** The revision of the request's search terms; missing on requests stored before search. */
  termsRevision?: number;
  /** The revision of the request's stage term; missing on requests stored before stage terms. */
  stageTermRevision?: number;
  outbox?: OutboxEvent[];
}

/** What a change writes: the fields it sets and the event it causes, if any. */
export interface RequestChange {
  set: Record<string, unknown>;
  event: EventEnvelope | null;
}

/** Another writer kept the request busy through every re-read. */
const requestBusy = () =>
  new AppError(
    AppErrorCode.Conflict,
    'Someone else is changing this request at the same moment; reload it and try again',
  );

/**
 * Applies one change to an existing request of the caller's company: reads it, lets `decide` check the change
 * against what it read (throwing the usual errors) and say what to write, claims the next revision (see
 * `claimNextRevision`) and writes the document at that revision, with the outbox pruned to the events still
 * owed. FerretDB applies a conditional update as a read followed by a write, so without the claim two API
 * processes could both apply a change decided on the same state. When another writer claimed first, the request
 * is read and the change decided again, so a change that is no longer valid answers why (for example "already in
 * that stage"); a request kept busy through every re-read answers CONFLICT. Changes of one request in this
 * process take turns first (`deps.requestQueue`), so they do not conflict with each other.
 */
export function changeRequest(
  deps: ApiDeps,
  target: { id: string; companyId: string },
  decide: (current: RequestForChange) => Promise<RequestChange>,
): Promise<void> {
  return deps.requestQueue.run(target.id, async () => {
    for (const delayMs of [...rereadDelaysMs, null]) {
      const current = await readForChange(deps, target);
      if (await claimAndWrite(deps, current, await decide(current))) return;
      if (delayMs === null) break;
      await sleep(delayMs);
    }
    throw requestBusy();
  });
}

async function readForChange(
  deps: ApiDeps,
  target: { id: string; companyId: string },
): Promise<RequestForChange> {
  const request = await deps.db.models.Request.findOne(
    { _id: target.id, company: target.companyId },
    {
      company: 1,
      subject: 1,
      priority: 1,
      status: 1,
      assignedTechnician: 1,
      maintenanceTeam: 1,
      requestedBy: 1,
      type: 1,
      scheduledDate: 1,
      revision: 1,
      termsRevision: 1,
      stageTermRevision: 1,
      outbox: 1,
    },
  ).lean<RequestForChange>();
  if (!request) throw notFound('Maintenance request');
  return request;
}

async function claimAndWrite(
  deps: ApiDeps,
  current: RequestForChange,
  change: RequestChange,
): Promise<boolean> {
  const requestId = current._id.toString();
  const claims: RevisionClaims = { collection: deps.db.models.RequestRevision.collection, owner: 'request' };
  const [claim, stillOwed] = await Promise.all([
    claimNextRevision(claims, requestId, current.revision ?? 0),
    deps.outbox.stillOwed(requestOutboxRef(requestId), current.outbox ?? []),
  ]);
  if (!claim.won) return false;
  const terms = termsChange(deps, current, change.set);
  const termsSet = terms ? await terms.before(claim.revision) : {};
  const written = await writeRequestRevision(deps, {
    requestId,
    readRevision: current.revision,
    revision: claim.revision,
    set: { ...change.set, ...termsSet },
    stillOwed,
    event: change.event,
    claimHeld: () => claimHeld(claim),
  });
  await terms?.after(written, claim.revision);
  if (written) {
    await dropClaimsBelow(claims, requestId, current.revision ?? 0, claim.revision).catch((error: unknown) =>
      deps.logger.warn({ err: error, requestId }, 'could not drop old revision claims'),
    );
  }
  return written;
}
