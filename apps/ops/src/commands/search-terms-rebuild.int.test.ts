import { createCompany, insertRequests, requestPartiesOf } from '@fixstream/test-support';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpsHarness, type OpsHarness } from '../testing/ops-harness.ts';

let h: OpsHarness;
beforeAll(async () => {
  h = await createOpsHarness();
});
afterAll(() => h.close());

const termsOf = (requestId: string) =>
  h.db.models.RequestSearchTerm.find({ request: new Types.ObjectId(requestId) }, { term: 1 })
    .lean()
    .then((terms) => terms.map((term) => term.term).sort());

describe('pnpm ops search-terms rebuild', () => {
  it('writes the terms of requests stored without them, once, company by company', async () => {
    const [acme, globex] = [await createCompany(h.db), await createCompany(h.db)];
    const stored = await insertRequests(h.db, requestPartiesOf(acme), 3, { subject: (i) => `Pump ${i}` });
    const theirs = await insertRequests(h.db, requestPartiesOf(globex), 2, { subject: () => 'Valve' });
    const first = stored[0]?.data.requestId ?? '';
    expect(await termsOf(first)).toEqual([]);

    const acmeOnly = await h.cliInProcess('search-terms', 'rebuild', '--company', acme.companyId, '--json');
    expect([acmeOnly.code, acmeOnly.json()]).toEqual([
      0,
      { requests: 3, termsWritten: 9, termsGivenParties: 0 },
    ]);
    expect(await termsOf(first)).toEqual(['pu', 'pump', '~new']);
    expect(await termsOf(theirs[0]?.data.requestId ?? '')).toEqual([]);

    const all = await h.cliInProcess('search-terms', 'rebuild');
    expect([all.code, all.stdout]).toEqual([
      0,
      '5 requests read, 6 missing search terms written, 0 given their team and requester.\n',
    ]);
    const again = await h.cliInProcess('search-terms', 'rebuild', '--json');
    expect(again.json()).toEqual({ requests: 5, termsWritten: 0, termsGivenParties: 0 });
  });

  it("gives terms written before they carried them their request's team and requester, once", async () => {
    const company = await createCompany(h.db);
    const [request] = await insertRequests(h.db, requestPartiesOf(company), 1, { subject: () => 'Pump' });
    const id = new Types.ObjectId(request?.data.requestId);
    await h.cliInProcess('search-terms', 'rebuild', '--company', company.companyId);
    const terms = await h.db.models.RequestSearchTerm.find({ request: id }, { _id: 1 }).lean();
    // one term without its team, one without its requester, one without both
    await h.db.models.RequestSearchTerm.updateOne({ _id: terms[0]?._id }, { $unset: { team: 1 } });
    await h.db.models.RequestSearchTerm.updateOne({ _id: terms[1]?._id }, { $unset: { requestedBy: 1 } });
    await h.db.models.RequestSearchTerm.updateOne(
      { _id: terms[2]?._id },
      { $unset: { team: 1, requestedBy: 1 } },
    );
    const stored = await h.db.models.Request.findById(id, { requestedBy: 1 }).lean();

    const run = await h.cliInProcess('search-terms', 'rebuild', '--company', company.companyId, '--json');
    expect(run.json()).toEqual({ requests: 1, termsWritten: 0, termsGivenParties: 3 });
    const given = await h.db.models.RequestSearchTerm.find(
      { request: id },
      { team: 1, requestedBy: 1 },
    ).lean();
    expect(given.map((term) => [term.team?.toString(), term.requestedBy?.toString()])).toEqual(
      Array(3).fill([company.team.id, stored?.requestedBy.toString()]),
    );
    const again = await h.cliInProcess('search-terms', 'rebuild', '--company', company.companyId, '--json');
    expect(again.json()).toEqual({ requests: 1, termsWritten: 0, termsGivenParties: 0 });
  });

  it('shows no progress line where stderr is not a terminal (a pipe, a log)', async () => {
    const company = await createCompany(h.db);
    await insertRequests(h.db, requestPartiesOf(company), 2, { subject: () => 'Boiler' });
    const run = await h.cli('search-terms', 'rebuild', '--company', company.companyId);
    expect([run.code, run.stdout, run.stderr]).toEqual([
      0,
      '2 requests read, 8 missing search terms written, 0 given their team and requester.\n',
      '',
    ]);
  });

  it('refuses a company id that is not one, before connecting', async () => {
    const run = await h.cliInProcess('search-terms', 'rebuild', '--company', 'acme');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"acme" is not a company id (24 hexadecimal digits)');
    const bare = await h.cliInProcess('search-terms');
    expect([bare.code, bare.stderr.split('\n')[0]]).toEqual([
      2,
      'error: search-terms needs a subcommand: search-terms rebuild',
    ]);
  });
});
