import type { RequestStatus } from '@fixstream/db';
import { AppError, AppErrorCode } from '../errors/app-error.ts';

/** The stages and the moves between them: new → in progress → repaired or scrap, and reopening a repaired one. */
export const transitions: Record<RequestStatus, readonly RequestStatus[]> = {
  new: ['in_progress'],
  in_progress: ['repaired', 'scrap'],
  repaired: ['in_progress'],
  scrap: [],
};

export const stageLabels: Record<RequestStatus, string> = {
  new: 'New',
  in_progress: 'In progress',
  repaired: 'Repaired',
  scrap: 'Scrap',
};

export const closedStages: readonly RequestStatus[] = ['repaired', 'scrap'];

/** Refuses a move the lifecycle does not allow, saying which moves it does allow. */
export function assertTransition(from: RequestStatus, to: RequestStatus): void {
  if (from === to)
    throw new AppError(AppErrorCode.BadInput, `The request is already in stage ${stageLabels[to]}`);
  const allowed = transitions[from];
  if (allowed.includes(to)) return;
  const next = allowed.length
    ? `allowed next: ${allowed.map((s) => stageLabels[s]).join(' or ')}`
    : 'it is final';
  throw new AppError(
    AppErrorCode.BadInput,
    `A request in stage ${stageLabels[from]} cannot move to ${stageLabels[to]} (${next})`,
  );
}
