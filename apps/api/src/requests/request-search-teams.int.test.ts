import { rebuildSearchTerms } from '@fixstream/db';
import type { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { requestDocument, storeRequests } from '../testing/stored-requests.ts';
import { watchTermsRead } from '../testing/terms-read.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';

let api: TestApi;
let acme: CompanyFixture;
let mechanical: Types.ObjectId;
const pumps: Types.ObjectId[] = [];
let leftBehind: Types.ObjectId;

let termsRead: ReturnType<typeof watchTermsRead>;

/**
 * Acme's Electrical team (the technician and the teammate) maintains fans, its Mechanical team (the outsider)
 * pumps; the oldest pump was assigned to the technician when they were on Mechanical, and stays theirs.
 */
beforeAll(async () => {
  api = await createTestApi({ monitorCommands: true });
  acme = await createCompanyFixture(api, 'Acme');
  const team = await api.db.models.Team.create({
    name: 'Mechanical',
    company: acme.companyId,
    members: [acme.outsider.id],
  });
  mechanical = team._id;
  const request = (subject: string, maintenanceTeam: Types.ObjectId | string, technician: string) =>
    requestDocument(acme, subject, { team: maintenanceTeam, technician });
  const oldest = request('Pump seal worn', mechanical, acme.technician.id);
  leftBehind = oldest._id;
  // pumps and fans created in turn, so that a read of either goes as far in time for the same number of rows
  const rest = Array.from({ length: 300 }, (_, i) =>
    i % 5 === 0
      ? request(`Fan ${i} noisy`, acme.teamId, acme.teammate.id)
      : request(`Pump ${i} leaking`, mechanical, acme.outsider.id),
  );
  const all = [oldest, ...rest];
  pumps.push(...all.filter((r) => r.subject.startsWith('Pump')).map((r) => r._id));
  await storeRequests(api, all);

  termsRead = watchTermsRead(api);
}, 60_000);
afterAll(() => api.close());

async function search(token: string, input: { search: string; team?: string }) {
  termsRead.clear();
  const page = await api.caller(token).requests.list({ ...input, limit: 20 });
  const pumpTermsRead = termsRead
    .requests()
    .filter((request) => pumps.some((pump) => pump.toString() === request));
  return { ids: page.items.map((item) => item.id), pumpTermsRead: pumpTermsRead.length };
}

describe('requests.list search within teams', () => {
  it("reads another team's terms for a page at most when the caller's teams hold none of the word", async () => {
    const teammate = await search(acme.teammate.token, { search: 'pump' });
    expect(teammate.ids).toEqual([]);
    expect(teammate.pumpTermsRead).toBeLessThan(pumps.length / 10);

    const filtered = await search(acme.manager.token, { search: 'pump', team: acme.teamId });
    expect(filtered).toEqual({ ids: [], pumpTermsRead: 0 });
  });

  it("finds a technician's own request of a team they are no longer on, and no other of that team", async () => {
    const technician = await search(acme.technician.token, { search: 'pump' });
    expect(technician.ids).toEqual([leftBehind.toString()]);
    expect(technician.pumpTermsRead).toBeLessThan(pumps.length / 10);
  });

  it("finds the team's requests for its members and for a manager's team filter, newest first", async () => {
    const newest = [...pumps].reverse().slice(0, 20).map(String);
    const outsider = await search(acme.outsider.token, { search: 'pump' });
    expect(outsider.ids).toEqual(newest);
    // the terms the database answered are seen, so the counts of the tests above are not empty by blindness
    expect(outsider.pumpTermsRead).toBeGreaterThan(0);
    expect((await search(acme.manager.token, { search: 'pump', team: mechanical.toString() })).ids).toEqual(
      newest,
    );
    expect((await search(acme.manager.token, { search: 'pump' })).ids).toEqual(newest);
  });

  it('finds no request by terms written before they carried the team, until the rebuild gives it', async () => {
    await api.db.models.RequestSearchTerm.updateMany({ request: leftBehind }, { $unset: { team: 1 } });
    expect((await search(acme.technician.token, { search: 'seal' })).ids).toEqual([leftBehind.toString()]);
    expect((await search(acme.outsider.token, { search: 'seal' })).ids).toEqual([]);
    await rebuildSearchTerms(api.db, { companyId: acme.companyId });
    expect((await search(acme.outsider.token, { search: 'seal' })).ids).toEqual([leftBehind.toString()]);
  });
});
