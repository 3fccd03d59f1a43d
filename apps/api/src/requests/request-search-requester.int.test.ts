import { rebuildSearchTerms } from '@fixstream/db';
import type { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { requestDocument, storeRequests } from '../testing/stored-requests.ts';
import { watchTermsRead } from '../testing/terms-read.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';

let api: TestApi;
let acme: CompanyFixture;
let termsRead: ReturnType<typeof watchTermsRead>;
/** The employee's own requests, oldest first: a pump seal, then fans. */
const own: Types.ObjectId[] = [];
/** The manager's pumps, asked for after the employee's seal. */
const others: Types.ObjectId[] = [];

beforeAll(async () => {
  api = await createTestApi({ monitorCommands: true });
  acme = await createCompanyFixture(api, 'Acme');
  const request = (subject: string, requestedBy: string) => requestDocument(acme, subject, { requestedBy });
  const seal = request('Pump seal worn', acme.employee.id);
  // the manager's pumps and the employee's fans in turn, all after the seal
  const rest = Array.from({ length: 300 }, (_, i) =>
    i % 10 === 0
      ? request(`Fan ${i} noisy`, acme.employee.id)
      : request(`Pump ${i} leaking`, acme.manager.id),
  );
  const all = [seal, ...rest];
  own.push(...all.filter((r) => r.requestedBy.equals(acme.employee.id)).map((r) => r._id));
  others.push(...rest.filter((r) => r.subject.startsWith('Pump')).map((r) => r._id));
  await storeRequests(api, all);
  termsRead = watchTermsRead(api);
}, 60_000);
afterAll(() => api.close());

async function search(token: string, text: string) {
  termsRead.clear();
  const page = await api.caller(token).requests.list({ search: text, limit: 20 });
  const othersRead = termsRead.requests().filter((request) => others.some((id) => id.toString() === request));
  return { ids: page.items.map((item) => item.id), othersRead: othersRead.length };
}

describe("requests.list search of an employee's own requests", () => {
  it("lists the employee's requests among a word's terms, and no term of anyone else's", async () => {
    const seal = (own[0] as Types.ObjectId).toString();
    expect(await search(acme.employee.token, 'pump')).toEqual({ ids: [seal], othersRead: 0 });
    expect(await search(acme.employee.token, 'pump seal')).toEqual({ ids: [seal], othersRead: 0 });
    const manager = await search(acme.manager.token, 'pump');
    expect(manager.ids).toEqual([...others].reverse().slice(0, 20).map(String));
    expect(manager.othersRead).toBeGreaterThan(0);
  });

  it('finds no request by terms written before they carried the requester, until the rebuild gives it', async () => {
    const seal = own[0] as Types.ObjectId;
    await api.db.models.RequestSearchTerm.updateMany({ request: seal }, { $unset: { requestedBy: 1 } });
    // the employee's newest page of requests holds no seal, so the terms answer: they name no requester
    expect((await search(acme.employee.token, 'seal')).ids).toEqual([]);
    expect((await search(acme.manager.token, 'seal')).ids).toEqual([seal.toString()]);
    await rebuildSearchTerms(api.db, { companyId: acme.companyId });
    expect((await search(acme.employee.token, 'seal')).ids).toEqual([seal.toString()]);
  });
});
