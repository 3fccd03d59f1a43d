import { userRoles } from '@fixstream/schemas';
import { describe, expect, it } from 'vitest';
// The API's table is plain data (its only import is a type): reading it here keeps the UI's mirror honest.
import { policy } from '../../../api/src/policy/policy.ts';
import { type Ability, can, editableRequestFields, roleAbilities } from './role-abilities.ts';

const mirrored: Record<Ability, keyof typeof policy> = {
  moveStages: 'requests.updateStatus',
  assign: 'requests.assign',
  listUsers: 'users.list',
  seeStats: 'requests.stats',
  editRequests: 'requests.update',
  operate: 'ops.runs',
  manageEquipment: 'equipment.update',
  manageTeams: 'teams.update',
  manageUsers: 'users.update',
  manageWebhooks: 'webhooks.update',
};

describe('roleAbilities', () => {
  it.each(Object.keys(roleAbilities) as Ability[])('%s offers what the API policy permits', (ability) => {
    for (const role of userRoles) {
      const permitted = (policy[mirrored[ability]].roles as readonly string[]).includes(role);
      expect(can(role, ability), `${role} ${ability}`).toBe(permitted);
    }
  });

  it('limits request fields as the policy does', () => {
    expect(editableRequestFields).toEqual(policy['requests.update'].onlyFields);
  });
});
