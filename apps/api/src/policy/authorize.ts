import { runCompany } from '@fixstream/run-storage';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode, notFound } from '../errors/app-error.ts';
import type { SessionUser } from '../trpc/init.ts';
import { type Action, isPermitted, type PolicyRule, type PolicyTarget, policy } from './policy.ts';
import { requestVisibility } from './request-visibility.ts';

const targetLabels: Record<PolicyTarget, string> = {
  user: 'User',
  team: 'Maintenance team',
  equipment: 'Equipment',
  request: 'Maintenance request',
  webhook: 'Webhook endpoint',
  run: 'Function run',
};

async function isVisible(
  deps: ApiDeps,
  user: SessionUser,
  target: PolicyTarget,
  id: string,
): Promise<boolean> {
  const { User, Team, Equipment, Request, WebhookEndpoint } = deps.db.models;
  const inCompany = { _id: id, company: user.companyId };
  switch (target) {
    case 'user':
      return (await User.exists(inCompany)) !== null;
    case 'team':
      return (await Team.exists(inCompany)) !== null;
    case 'equipment':
      return (await Equipment.exists(inCompany)) !== null;
    case 'webhook':
      return (await WebhookEndpoint.exists(inCompany)) !== null;
    case 'request':
      return (await Request.exists({ ...(await requestVisibility(deps.db, user)), _id: id })) !== null;
    case 'run':
      return (await runCompany(deps.db.storage, id)) === user.companyId;
  }
}

const listed = (words: readonly string[]) =>
  words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? '');

/** The fields of an input that a role may not set under `onlyFields`, in input order. */
function fieldsBeyond(allowed: readonly string[], input: unknown): string[] {
  if (!input || typeof input !== 'object') return [];
  return Object.entries(input)
    .filter(([field, value]) => field !== 'id' && value !== undefined && !allowed.includes(field))
    .map(([field]) => field);
}

/**
 * Applies the policy table to one call: the target record (if any) must be visible, else NOT_FOUND; then the
 * role must be allowed, and may set only its `onlyFields` where the rule has them, else FORBIDDEN.
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
  const onlyFields: PolicyRule['onlyFields'] = 'onlyFields' in rule ? rule.onlyFields : undefined;
  const allowed = onlyFields?.[user.role];
  const refused = allowed ? fieldsBeyond(allowed, input) : [];
  if (allowed && refused.length > 0) {
    throw new AppError(
      AppErrorCode.Forbidden,
      `Your role (${user.role}) may set only ${listed(allowed)} here, not ${listed(refused)}`,
    );
  }
}
