import type { UserRole } from '@fixstream/db';

const everyone = ['admin', 'manager', 'technician', 'employee'] as const satisfies readonly UserRole[];
const managers = ['admin', 'manager'] as const satisfies readonly UserRole[];

/** What a procedure acts on, when it acts on one record: that record must be visible to the caller first. */
export type PolicyTarget = 'user' | 'team' | 'equipment' | 'request' | 'webhook' | 'run';

export interface PolicyRule {
  roles: readonly UserRole[];
  /** The verb phrase for "Your role cannot …". */
  does: string;
  target?: PolicyTarget;
  /** For a role listed here, the only input fields it may set (besides `id`); other roles may set every field. */
  onlyFields?: Partial<Record<UserRole, readonly string[]>>;
}

/**
 * Who may call what: the one table the API enforces (see `authorize`). Records of another company, and requests a
 * user may not see, are NOT_FOUND before roles are even looked at, so a refusal never confirms that they exist.
 */
export const policy = {
  'company.get': { roles: everyone, does: 'view the company' },
  'company.update': { roles: ['admin'], does: "change the company's settings" },
  'users.list': { roles: managers, does: 'list users' },
  'users.byId': { roles: managers, does: 'view users', target: 'user' },
  'users.create': { roles: ['admin'], does: 'create users' },
  'users.update': { roles: ['admin'], does: 'change users', target: 'user' },
  'teams.list': { roles: everyone, does: 'list teams' },
  'teams.byId': { roles: everyone, does: 'view teams', target: 'team' },
  'teams.create': { roles: managers, does: 'create teams' },
  'teams.update': { roles: managers, does: 'change teams', target: 'team' },
  'equipment.list': { roles: everyone, does: 'list equipment' },
  'equipment.byId': { roles: everyone, does: 'view equipment', target: 'equipment' },
  'equipment.create': { roles: managers, does: 'create equipment' },
  'equipment.update': { roles: managers, does: 'change equipment', target: 'equipment' },
  'requests.create': { roles: everyone, does: 'create requests' },
  'requests.byId': { roles: everyone, does: 'view requests', target: 'request' },
  'requests.list': { roles: everyone, does: 'list requests' },
  'requests.updateStatus': {
    roles: ['admin', 'manager', 'technician'],
    does: 'move requests to another stage',
    target: 'request',
  },
  'requests.assign': { roles: managers, does: 'assign technicians', target: 'request' },
  'requests.update': {
    roles: ['admin', 'manager', 'technician'],
    does: 'change requests',
    target: 'request',
    // Technicians plan the work; what the request says is the requester's and the managers'.
    onlyFields: { technician: ['priority', 'scheduledDate', 'duration'] },
  },
  'requests.stats': { roles: ['admin', 'manager', 'technician'], does: 'see request statistics' },
  'requests.history': { roles: everyone, does: 'view request history', target: 'request' },
  'webhooks.list': { roles: ['admin'], does: 'list webhook endpoints' },
  'webhooks.create': { roles: ['admin'], does: 'create webhook endpoints' },
  'webhooks.update': { roles: ['admin'], does: 'change webhook endpoints', target: 'webhook' },
  'webhooks.delete': { roles: ['admin'], does: 'delete webhook endpoints', target: 'webhook' },
  'webhooks.rotateSecret': { roles: ['admin'], does: 'rotate webhook secrets', target: 'webhook' },
  'webhooks.deliveries': { roles: ['admin'], does: 'see webhook deliveries', target: 'webhook' },
  // Streams and consumer groups are shared by every company; the rest is the caller's company's runs only.
  'ops.streams': { roles: ['admin'], does: 'see the event streams' },
  'ops.functions': { roles: ['admin'], does: 'see function statistics' },
  'ops.runs': { roles: ['admin'], does: 'list function runs' },
  'ops.run': { roles: ['admin'], does: 'view function runs', target: 'run' },
  'ops.deadLetters': { roles: ['admin'], does: 'list dead runs' },
  'ops.replay': { roles: ['admin'], does: 'replay dead runs', target: 'run' },
  'ops.redrive': { roles: ['admin'], does: 'replay dead runs' },
} as const satisfies Record<string, PolicyRule>;

export type Action = keyof typeof policy;

export function isPermitted(role: UserRole, action: Action): boolean {
  return (policy[action].roles as readonly UserRole[]).includes(role);
}
