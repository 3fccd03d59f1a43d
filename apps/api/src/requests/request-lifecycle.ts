import { type RequestStatus, stageLabels, transitions } from '@fixstream/schemas';
import { AppError, AppErrorCode } from '../errors/app-error.ts';

export { closedStages, stageLabels, transitions } from '@fixstream/schemas';

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
