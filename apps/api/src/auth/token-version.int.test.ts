import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { signInOutcome } from './login-guard.test-support.ts';

let api: TestApi;
let replica: TestApi;
let acme: CompanyFixture;
let nextIp = 0;
/** Each sign-in from its own address, so the per-address rate limit stays out of these tests. */
const freshIp = () => `198.18.${nextIp >> 8}.${nextIp++ & 255}`;

beforeAll(async () => {
  api = await createTestApi();
  replica = await createTestApi({ replicaOf: api });
  acme = await createCompanyFixture(api, 'Acme');
});
afterAll(async () => {
  await replica?.close();
  await api?.close();
});

async function signIn(person: { email: string; password: string }, on = api): Promise<string> {
  const { email, password } = person;
  const session = await on.caller(undefined, freshIp()).auth.login({ email, password });
  return session.token;
}

const ended = 'UNAUTHORIZED: This session has ended (the password, role or account changed); sign in again';
const me = (token: string, on = api) => signInOutcome(on.caller(token).auth.me());

describe('token versions', () => {
  it("refuses a reactivated user's token from before the deactivation", async () => {
    const token = await signIn(acme.outsider);
    const admin = api.caller(acme.admin.token).users;
    await admin.update({ id: acme.outsider.id, active: false });
    expect(await me(token)).toBe('UNAUTHORIZED: This account no longer exists or was deactivated');
    await admin.update({ id: acme.outsider.id, active: true });
    expect(await me(token)).toBe(ended);
    expect(await me(await signIn(acme.outsider))).toBe('ok');
  });

  it('ends the sessions of a user whose role changes, on every API process', async () => {
    const token = await signIn(acme.teammate);
    await api.caller(acme.admin.token).users.update({ id: acme.teammate.id, role: 'manager' });
    expect(await me(token)).toBe(ended);
    expect(await me(token, replica)).toBe(ended);
    const fresh = await signIn(acme.teammate, replica);
    expect(await api.caller(fresh).auth.me()).toMatchObject({ role: 'manager' });
  });

  it('keeps sessions through a rename and through an update that sets the role and flag they already have', async () => {
    const token = await signIn(acme.employee);
    const admin = api.caller(acme.admin.token).users;
    await admin.update({ id: acme.employee.id, name: 'Acme Employee Renamed' });
    await admin.update({ id: acme.employee.id, role: 'employee', active: true });
    expect(await me(token)).toBe('ok');
  });

  it('leaves no earlier token valid when two API processes change one user at once', async () => {
    for (let round = 0; round < 10; round++) {
      const before = await signIn(acme.manager);
      const other = await signIn(acme.manager);
      const role = round % 2 === 0 ? 'technician' : 'manager';
      const newPassword = `${acme.manager.password}-${round}`;
      const [, changed] = await Promise.all([
        api.caller(acme.admin.token).users.update({ id: acme.manager.id, role }),
        // The role change may end this session before its password change is looked at: refused, then.
        signInOutcome(
          replica
            .caller(other, freshIp())
            .auth.changePassword({ currentPassword: acme.manager.password, newPassword }),
        ),
      ]);
      expect(['ok', ended]).toContain(changed);
      if (changed === 'ok') acme.manager.password = newPassword;
      // Neither write undid the other: the role is the admin's, the password the one the answer implies.
      expect((await api.caller(acme.admin.token).users.byId({ id: acme.manager.id })).role).toBe(role);
      expect(await me(before)).toBe(ended);
      expect(await me(before, replica)).toBe(ended);
      expect(await me(other)).toBe(ended);
    }
  });

  it('accepts a token signed before token versions existed until the first change', async () => {
    await api.db.models.User.updateOne({ _id: acme.technician.id }, { $unset: { tokenVersion: 1 } });
    const legacy = (await api.deps.tokens.sign({ userId: acme.technician.id, companyId: acme.companyId }))
      .token;
    expect(await me(legacy)).toBe('ok');
    await api.caller(acme.admin.token).users.update({ id: acme.technician.id, active: false });
    await api.caller(acme.admin.token).users.update({ id: acme.technician.id, active: true });
    expect(await me(legacy)).toBe(ended);
  });
});
