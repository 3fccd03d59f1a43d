import { type Database, writeSearchTermsOf } from '@fixstream/db';
import { companyData, type ReadsCompany } from './company-data.ts';
import { planOpenWork } from './open-work.ts';
import { withNextPreventive } from './preventive-dates.ts';
import { requestDocs, requestMix } from './request-data.ts';
import { seededRandom } from './seeded-random.ts';

const batchSize = 1_000;

/**
 * One company of the read benchmark and how much of its request history is in the databases so far, so each
 * step of the benchmark adds only the requests it is short of.
 */
export interface CompanyHistory {
  readonly company: ReadsCompany;
  readonly requests: number;
  /**
   * Inserts requests into each of `dbs` until the company has `total`, the same documents into each; resolves
   * with the seconds it took. A database left out of a step stays at the size it had.
   */
  growTo(dbs: readonly Database[], total: number): Promise<number>;
}

/**
 * Creates company `index` (people, teams, equipment) in each of `dbs` through the models, so mongoose fills
 * every default as the API's creates do, and returns its history, empty. The same seed gives the same company.
 * With `searchTerms`, its requests' search terms are written beside them, as `requests.create` writes them (the
 * measured company's: about 18 terms a request, which for every company would add most of an hour of inserts).
 * The dates the background jobs look for (equipment's next preventive maintenance, open requests' deadlines)
 * come from a second stream, so adding them left every other field as earlier runs filled it.
 */
export async function openCompanyHistory(
  dbs: readonly Database[],
  opts: { index: number; passwordHash: string; now: Date; searchTerms: boolean },
): Promise<CompanyHistory> {
  const random = seededRandom(0x5eed + opts.index);
  const historyStart = new Date(opts.now.getTime() - requestMix.historyDays * 86_400_000);
  const dates = seededRandom(0xda7e5 + opts.index);
  const company = companyData({ index: opts.index, random, passwordHash: opts.passwordHash, historyStart });
  const equipment = withNextPreventive(company.docs.equipment, dates, opts.now);
  await Promise.all(
    dbs.map(async ({ models }) => {
      await models.Company.insertMany([company.docs.company]);
      await models.User.insertMany(company.docs.users);
      await models.Team.insertMany(company.docs.teams);
      await models.Equipment.insertMany(equipment);
    }),
  );
  let requests = 0;
  return {
    company,
    get requests() {
      return requests;
    },
    async growTo(into, total) {
      const started = performance.now();
      while (requests < total) {
        const made = requestDocs(company, random, Math.min(batchSize, total - requests), opts.now);
        const docs = planOpenWork(made, dates, opts.now);
        // Straight into the collection: the documents are already complete (request-data.test.ts checks them
        // against the model), and a million mongoose documents would cost the bench's share of the two cores.
        await Promise.all(
          into.map(async (db) => {
            await db.models.Request.collection.insertMany(docs);
            if (opts.searchTerms) await writeSearchTermsOf(db, docs);
          }),
        );
        requests += docs.length;
      }
      return (performance.now() - started) / 1000;
    },
  };
}
