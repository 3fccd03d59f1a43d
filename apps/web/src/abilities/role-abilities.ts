import type { UserRole } from '@fixstream/schemas';

/**
 * What the UI offers each role, mirroring the API's policy table (a test compares the two): the API decides, the
 * UI only avoids offering what would be refused.
 */
export const roleAbilities = {
  moveStages: ['admin', 'manager', 'technician'],
  assign: ['admin', 'manager'],
  listUsers: ['admin', 'manager'],
  seeStats: ['admin', 'manager', 'technician'],
  editRequests: ['admin', 'manager', 'technician'],
  operate: ['admin'],
  manageEquipment: ['admin', 'manager'],
  manageTeams: ['admin', 'manager'],
  manageUsers: ['admin'],
  manageWebhooks: ['admin'],
} as const satisfies Record<string, readonly UserRole[]>;

export type Ability = keyof typeof roleAbilities;

/** Request fields a role may change with `requests.update`, where it may not change them all. */
export const editableRequestFields: Partial<Record<UserRole, readonly string[]>> = {
  technician: ['priority', 'scheduledDate', 'duration'],
};

export function can(role: UserRole, ability: Ability): boolean {
  return (roleAbilities[ability] as readonly UserRole[]).includes(role);
}

export function mayEditField(role: UserRole, field: string): boolean {
  const only = editableRequestFields[role];
  return can(role, 'editRequests') && (!only || only.includes(field));
}
