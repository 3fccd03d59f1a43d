import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { trpcFailure } from '../testing/trpc-failure.ts';

let api: TestApi;
let acme: CompanyFixture;

beforeAll(async () => {
  api = await createTestApi();
  acme = await createCompanyFixture(api, 'Acme');
});
afterAll(() => api.close());

describe('users', () => {
  it('creates a user who can then sign in; never shows a password hash', async () => {
    const admin = api.caller(acme.admin.token);
    const created = await admin.users.create({
      name: 'Nia New',
      email: 'NIA@acme.example',
      password: 'correct horse battery',
      role: 'technician',
    });
    expect(created).toMatchObject({
      name: 'Nia New',
      email: 'nia@acme.example',
      role: 'technician',
      active: true,
      companyId: acme.companyId,
    });
    expect(JSON.stringify(created)).not.toMatch(/hash|password/i);
    const session = await api
      .caller()
      .auth.login({ email: 'nia@acme.example', password: 'correct horse battery' });
    expect(session.user.id).toBe(created.id);
    const listed = await admin.users.list({ role: 'technician', limit: 100 });
    expect(JSON.stringify(listed)).not.toMatch(/passwordHash|\$2[aby]\$/);
    expect(listed.items.map((u) => u.id)).toContain(created.id);
  });

  it('refuses a taken email, a short password and unknown roles', async () => {
    const admin = api.caller(acme.admin.token);
    const taken = await trpcFailure(
      admin.users.create({
        name: 'Dup',
        email: acme.employee.email,
        password: 'long enough pw',
        role: 'employee',
      }),
    );
    expect(taken.code).toBe('CONFLICT');
    expect(taken.message).toBe(
      `The email address ${acme.employee.email} cannot be used for a new user; choose another one`,
    );
    expect(
      (
        await trpcFailure(
          admin.users.create({ name: 'X', email: 'x@acme.example', password: 'short', role: 'employee' }),
        )
      ).message,
    ).toMatch(/password: must be at least 10 characters/);
    expect(
      (
        await trpcFailure(
          admin.users.create({
            name: 'X',
            email: 'x@acme.example',
            password: 'long enough pw',
            role: 'root' as never,
          }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
  });

  it('deactivating a user refuses their sign-in and their existing token at once, and for good', async () => {
    const admin = api.caller(acme.admin.token);
    const person = await admin.users.create({
      name: 'Leaving',
      email: 'leaving@acme.example',
      password: 'long enough pw',
      role: 'employee',
    });
    const { token } = await api
      .caller()
      .auth.login({ email: 'leaving@acme.example', password: 'long enough pw' });
    expect((await admin.users.update({ id: person.id, active: false })).active).toBe(false);
    expect((await trpcFailure(api.caller(token).auth.me())).code).toBe('UNAUTHORIZED');
    expect(
      (
        await trpcFailure(
          api.caller().auth.login({ email: 'leaving@acme.example', password: 'long enough pw' }),
        )
      ).code,
    ).toBe('UNAUTHORIZED');
    await admin.users.update({ id: person.id, active: true, role: 'manager' });
    expect((await trpcFailure(api.caller(token).auth.me())).message).toBe(
      'This session has ended (the password, role or account changed); sign in again',
    );
    const again = await api
      .caller()
      .auth.login({ email: 'leaving@acme.example', password: 'long enough pw' });
    expect((await api.caller(again.token).auth.me()).role).toBe('manager');
  });

  it('keeps admins from locking themselves out', async () => {
    const admin = api.caller(acme.admin.token);
    expect((await trpcFailure(admin.users.update({ id: acme.admin.id, active: false }))).message).toBe(
      'You cannot deactivate your own account',
    );
    expect((await trpcFailure(admin.users.update({ id: acme.admin.id, role: 'employee' }))).message).toBe(
      'You cannot change your own role',
    );
    expect((await trpcFailure(admin.users.update({ id: acme.admin.id }))).message).toMatch(
      /nothing to change/,
    );
  });
});

describe('teams and equipment', () => {
  it('manages teams: unique names, members must be active users of the company', async () => {
    const manager = api.caller(acme.manager.token);
    const team = await manager.teams.create({ name: 'Plumbing', members: [acme.technician.id] });
    expect(team.members).toEqual([acme.technician.id]);
    expect((await trpcFailure(manager.teams.create({ name: 'Plumbing' }))).message).toBe(
      'A team named Plumbing already exists',
    );
    const renamed = await manager.teams.update({
      id: team.id,
      name: 'Water',
      members: [acme.technician.id, acme.teammate.id],
    });
    expect(renamed).toMatchObject({ name: 'Water', members: [acme.technician.id, acme.teammate.id] });
    const unknown = await trpcFailure(
      manager.teams.update({ id: team.id, members: ['0123456789abcdef01234567'] }),
    );
    expect(unknown.message).toBe('Not active users of your company: 0123456789abcdef01234567');
    expect(
      (
        await trpcFailure(
          manager.teams.create({ name: 'Twice', members: [acme.technician.id, acme.technician.id] }),
        )
      ).message,
    ).toMatch(/must not repeat a member/);
  });

  it('manages equipment: serial numbers unique per company, default technician on the default team', async () => {
    const manager = api.caller(acme.manager.token);
    const item = await manager.equipment.create({
      name: 'Boiler',
      serialNumber: 'BOIL-9',
      location: 'Roof',
      category: 'Heating',
      team: acme.teamId,
      defaultTechnician: acme.technician.id,
      preventiveIntervalDays: 30,
    });
    expect(item).toMatchObject({
      serialNumber: 'BOIL-9',
      team: acme.teamId,
      defaultTechnician: acme.technician.id,
      preventiveIntervalDays: 30,
    });
    expect(
      (await trpcFailure(manager.equipment.create({ name: 'Other', serialNumber: 'BOIL-9' }))).message,
    ).toBe('Equipment with serial number BOIL-9 already exists');
    const notMember = await trpcFailure(
      manager.equipment.update({ id: item.id, defaultTechnician: acme.outsider.id }),
    );
    expect(notMember.message).toBe(
      `Technician ${acme.outsider.name} is not a member of team ${acme.teamName}`,
    );
    const cleared = await manager.equipment.update({
      id: item.id,
      team: null,
      defaultTechnician: null,
      location: null,
    });
    expect(cleared).toMatchObject({ team: null, defaultTechnician: null, location: null, name: 'Boiler' });
    const other = await createCompanyFixture(api, 'Other Co');
    const sameSerialElsewhere = await api
      .caller(other.manager.token)
      .equipment.create({ name: 'Boiler', serialNumber: 'BOIL-9' });
    expect(sameSerialElsewhere.serialNumber).toBe('BOIL-9');
    expect((await manager.equipment.list({ team: acme.teamId })).items.map((e) => e.id)).not.toContain(
      item.id,
    );
  });
});
