import {
  eventIdOfKey,
  functionStats,
  listCompanyRuns,
  type ResultDocument,
  type RunCursor,
  runDetail,
} from '@fixstream/run-storage';
import type { ApiDeps } from '../deps.ts';
import { notFound } from '../errors/app-error.ts';
import type { SessionUser } from '../trpc/init.ts';
import type { FunctionsOutput, RunDetailOutput, RunPageOutput, RunSummaryOutput } from './ops.schemas.ts';

/** Durations read per function and outcome for the percentiles of `ops.functions`, however busy the window. */
export const statsSampleCap = 1_000;

/** Per function, how the caller's company's runs did over the last `windowMinutes` (`functionStats`). */
export async function companyFunctionStats(
  deps: ApiDeps,
  user: SessionUser,
  input: { windowMinutes: number },
  now = new Date(),
): Promise<FunctionsOutput> {
  const from = new Date(now.getTime() - input.windowMinutes * 60_000);
  const functions = await functionStats(deps.db.storage, {
    companyId: user.companyId,
    from,
    until: now,
    sampleCap: statsSampleCap,
  });
  return { from: from.toISOString(), until: now.toISOString(), sampleCap: statsSampleCap, functions };
}

export interface RunsInput {
  functionId?: string | undefined;
  status?: ResultDocument['status'] | undefined;
  from?: Date | undefined;
  until?: Date | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** The caller's company's finished runs, newest first, a page at a time (`listCompanyRuns`). */
export async function listRuns(deps: ApiDeps, user: SessionUser, input: RunsInput): Promise<RunPageOutput> {
  const page = await listCompanyRuns(deps.db.storage, {
    companyId: user.companyId,
    functionId: input.functionId,
    status: input.status,
    from: input.from,
    until: input.until,
    after: input.cursor ? parseCursor(input.cursor) : undefined,
    limit: input.limit,
  });
  const last = page.runs.at(-1);
  return {
    items: page.runs.map(toRunSummary),
    nextCursor: page.more && last ? `${last.finishedAt.getTime()}:${last._id}` : null,
  };
}

/** The company's dead runs, newest first: the ledger's dead letters, which outlive Redis' dead-letter streams. */
export function listDeadLetters(
  deps: ApiDeps,
  user: SessionUser,
  input: { functionId?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<RunPageOutput> {
  return listRuns(deps, user, { ...input, status: 'dead' });
}

/**
 * One run of the caller's company, with its event, attempts and steps. Another company's run is NOT_FOUND (the
 * policy's `run` target checks first; this check keeps the service safe on its own).
 */
export async function getRun(deps: ApiDeps, user: SessionUser, key: string): Promise<RunDetailOutput> {
  const detail = await runDetail(deps.db.storage, key);
  if (!detail || detail.origin?.companyId !== user.companyId) throw notFound('Function run');
  const { run, result, event } = detail;
  const failures = run?.failures ?? [];
  const attempts: RunDetailOutput['attempts'] = failures.map((failure) => ({
    attempt: failure.attempt,
    outcome: 'failed' as const,
    error: failure.error,
    durationMs: failure.durationMs,
    finishedAt: failure.finishedAt.toISOString(),
  }));
  if (result) {
    attempts.push({
      attempt: result.attempts,
      outcome: result.status,
      error: result.error,
      durationMs: result.durationMs,
      finishedAt: result.finishedAt.toISOString(),
    });
  }
  return {
    id: key,
    functionId: detail.functionId,
    eventId: detail.eventId,
    eventName: detail.origin?.eventName || event?.name || run?.eventName || '',
    status: result?.status ?? run?.status ?? 'running',
    requestId: detail.origin?.requestId ?? null,
    event: event && {
      id: event.id,
      name: event.name,
      version: event.version,
      occurredAt: event.occurredAt,
      data: event.data,
    },
    attempts,
    nextAttemptAt: !result && run ? run.nextAttemptAt.toISOString() : null,
    steps: detail.steps.map((step) => ({
      name: step.name,
      kind: step.kind,
      recordedAt: step.recordedAt.toISOString(),
      until: step.until?.toISOString() ?? null,
    })),
    messageIds: detail.messageIds,
    messageIdsOmitted: detail.messageIdsOmitted,
  };
}

export function toRunSummary(doc: ResultDocument): RunSummaryOutput {
  return {
    id: doc._id,
    functionId: doc.functionId,
    eventId: eventIdOfKey(doc._id, doc.functionId),
    eventName: doc.eventName ?? '',
    status: doc.status,
    attempts: doc.attempts,
    durationMs: doc.durationMs,
    error: doc.error,
    finishedAt: doc.finishedAt.toISOString(),
    requestId: doc.requestId ?? null,
  };
}

/** `<finishedAt in ms>:<run key>`; the schema has checked the form. */
function parseCursor(cursor: string): RunCursor {
  const at = cursor.indexOf(':');
  return { finishedAt: new Date(Number(cursor.slice(0, at))), key: cursor.slice(at + 1) };
}
