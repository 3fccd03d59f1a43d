import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import type { SessionUser } from '../trpc/init.ts';
import { type Action, isPermitted, type PolicyTarget, policy } from './policy.ts';
import { requestVisibility } from './request-visibility.ts';

const targetLabels: Record<PolicyTarget, string> = {
  user: 'User',
  team: 'Maintenance team',
  equipment: 'Equipment',
  request: 'Maintenance request',
};

async function isVisible(
  deps: ApiDeps,
  user: SessionUser,
  target: PolicyTarget,
  id: string,
): Promise<boolean> {
  const { User, Team, Equipment, Request } = deps.db.models;
  const inCompany = { _id: id, company: user.companyId };
  switch (target) {
    case 'user':
      return (await User.exists(inCompany)) !== null;
    case 'team':
      return (await Team.exists(inCompany)) !== null;
    case 'equipment':
      return (await Equipment.exists(inCompany)) !== null;
    case 'request':
      return (await Request.exists({ ...(await requestVisibility(deps.db, user)), _id: id })) !== null;
  }
}

/**
 * Applies the policy table to one call: the target record (if any) must be visible, else NOT_FOUND; then the
 * role must be allowed, else FORBIDDEN.
 */
export async function authorize(
  deps: ApiDeps,
  user: SessionUser,
  action: Action,
  input: unknown,
): Promise<void> {
  const rule = policy[action];
  if ('target' in rule) {
    const id = (input as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || !(await isVisible(deps, user, rule.target, id)))
      throw notFound(targetLabels[rule.target]);
  }
  if (!isPermitted(user.role, action)) {
    throw new AppError(AppErrorCode.Forbidden, `Your role (${user.role}) cannot ${rule.does}`);
  }
}
