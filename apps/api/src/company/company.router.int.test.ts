import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';

let api: TestApi;
let acme: CompanyFixture;
let globex: CompanyFixture;

beforeAll(async () => {
  api = await createTestApi();
  [acme, globex] = await Promise.all([
    createCompanyFixture(api, 'Acme Settings'),
    createCompanyFixture(api, 'Globex Settings'),
  ]);
});
afterAll(() => api.close());

async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('the call was not refused');
}

describe('company settings', () => {
  it('starts in UTC with a weekly report, and an admin changes both', async () => {
    const admin = api.caller(acme.admin.token);
    expect(await admin.company.get()).toMatchObject({
      id: acme.companyId,
      name: 'Acme Settings',
      timeZone: 'UTC',
      reportFrequency: 'weekly',
    });
    const changed = await admin.company.update({ timeZone: 'Asia/Kolkata', reportFrequency: 'daily' });
    expect(changed).toMatchObject({ timeZone: 'Asia/Kolkata', reportFrequency: 'daily' });
    expect(await api.caller(acme.employee.token).company.get()).toEqual(changed);
    expect(await api.caller(globex.admin.token).company.get()).toMatchObject({
      name: 'Globex Settings',
      timeZone: 'UTC',
      reportFrequency: 'weekly',
    });
  });

  it('refuses a time zone the runtime does not know, an unknown frequency and an empty change', async () => {
    const admin = api.caller(acme.admin.token);
    const before = await admin.company.get();
    const zone = await refusal(admin.company.update({ timeZone: 'Mars/Olympus_Mons' }));
    expect(zone.code).toBe('BAD_REQUEST');
    expect(zone.message).toContain('must be an IANA time zone name');
    const frequency = await refusal(admin.company.update({ reportFrequency: 'hourly' as never }));
    expect(frequency.code).toBe('BAD_REQUEST');
    expect((await refusal(admin.company.update({}))).message).toContain('nothing to change');
    expect(await admin.company.get()).toEqual(before);
  });

  it('refuses a name another company has, and changes nothing', async () => {
    const admin = api.caller(acme.admin.token);
    const before = await admin.company.get();
    const clash = await refusal(admin.company.update({ name: 'Globex Settings', timeZone: 'Europe/Rome' }));
    expect(clash).toEqual({ code: 'CONFLICT', message: 'A company named Globex Settings already exists' });
    expect(await admin.company.get()).toEqual(before);
  });
});
