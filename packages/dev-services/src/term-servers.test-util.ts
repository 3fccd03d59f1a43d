import type mongoose from 'mongoose';
import { type PushdownServers, startPushdownServers } from './pushdown-servers.test-util.ts';

/** The collection of search terms that the push and intersect tests fill and aggregate. */
export const TERMS = 'terms';

/** The index of search terms that their pipelines hint, as `request_search_terms` declares it (with the team). */
export const byTermAndRequest = { company: 1, term: 1, request: -1, team: 1 } as const;

/** Both servers, with database `dbName` holding `docs` in {@link TERMS} under {@link byTermAndRequest}. */
export function startTermServers(dbName: string, docs: mongoose.mongo.Document[]): Promise<PushdownServers> {
  return startPushdownServers(dbName, async (db) => {
    await db.collection(TERMS).insertMany(docs);
    await db.collection(TERMS).createIndex(byTermAndRequest);
  });
}
