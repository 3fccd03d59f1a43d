import { createRequestRecord, RequestRefused } from '@fixstream/db';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import { requestVisibility } from '../policy/request-visibility.ts';
import type { SessionUser } from '../trpc/init.ts';
import { toRequestOutput } from './request.dto.ts';
import type { CreateRequestInput, RequestOutput } from './request.schemas.ts';

/**
 * Creates a request and its `maintenance/request.created` event in one document write, then publishes the
 * event (`createRequestRecord`, shared with the worker's jobs). Every reference is checked first, so a refused
 * request writes nothing.
 */
export async function createRequest(
  deps: ApiDeps,
  user: SessionUser,
  input: CreateRequestInput,
): Promise<RequestOutput> {
  let result: Awaited<ReturnType<typeof createRequestRecord>>;
  try {
    result = await createRequestRecord(deps, { ...input, companyId: user.companyId, requestedById: user.id });
  } catch (error) {
    if (!(error instanceof RequestRefused)) throw error;
    const code = error.kind === 'not-found' ? AppErrorCode.NotFound : AppErrorCode.BadInput;
    throw new AppError(code, error.message, { cause: error });
  }
  if (!result.created) throw new Error('the request was not created');
  await deps.statsCache.invalidate(user.companyId, result.request.maintenanceTeam.toString());
  return toRequestOutput(result.request.toObject());
}

export async function getRequest(deps: ApiDeps, user: SessionUser, id: string): Promise<RequestOutput> {
  const visible = await requestVisibility(deps.db, user);
  const doc = await deps.db.models.Request.findOne({ ...visible, _id: id }, { outbox: 0 }).lean();
  if (!doc) throw notFound('Maintenance request');
  return toRequestOutput(doc);
}
