/**
 * Where `periodFigures` spends its time: fills one company of the read benchmark to each size, then times the
 * whole call, each of its aggregations alone, and the reads it made before (a `count` per team and stage, the
 * period's closes handed over one by one), the median of `calls` each.
 *
 *   node --import tsx bench/src/probes/period-figures.probe.ts [historySizes, default 100000] [calls, default 30]
 */
import { connectDatabase, countRequestsPerTeamAndStage, periodFigures } from '@fixstream/db';
import { ferretdbBinFromEnv, mongoUriFor, startMongo } from '@fixstream/dev-services';
import { Types } from 'mongoose';
import { openCompanyHistory } from '../reads/history-fill.ts';
import { reportPeriod } from '../reads/job-queries.ts';

const sizes = (process.argv[2] ?? '100000').split(',').map(Number);
const calls = Number(process.argv[3] ?? 30);

// FERRETDB_BIN runs it on another build, such as the one before a patch.
const mongo = await startMongo({ quiet: true, ferretdbBin: ferretdbBinFromEnv() });
const db = await connectDatabase(mongoUriFor(mongo.uri, 'period-probe'));
try {
  const now = new Date();
  const history = await openCompanyHistory([db], { index: 0, passwordHash: 'x', now, searchTerms: false });
  const companyId = history.company.id.toString();
  const company = new Types.ObjectId(companyId);
  const { from, to } = reportPeriod(now);
  const { Request, Team } = db.models;
  const teams = (await Team.find({ company }, { _id: 1 }).lean()).map((t) => t._id.toString());
  const parts: [string, () => Promise<unknown>][] = [
    ['periodFigures', () => periodFigures(db, { companyId, from, to })],
    ['team counts', () => countRequestsPerTeamAndStage(db, companyId, teams)],
    [
      'closes read',
      () => Request.find({ company, closedAt: { $gte: from, $lt: to } }, { closedAt: 1 }).lean(),
    ],
    [
      'closes aggregate',
      () =>
        Request.aggregate([
          { $match: { company, closedAt: { $gte: from, $lt: to } } },
          {
            $group: {
              _id: null,
              n: { $sum: 1 },
              t: { $sum: { $subtract: ['$closedAt', { $toDate: '$_id' }] } },
            },
          },
        ]).hint({ company: 1, closedAt: 1, scheduledDate: 1, _id: 1 }),
    ],
    [
      'team aggregate',
      () =>
        Request.aggregate([
          { $match: { company } },
          { $group: { _id: { team: '$maintenanceTeam', status: '$status' }, n: { $sum: 1 } } },
        ]).hint({ company: 1, maintenanceTeam: 1, status: 1, _id: -1 }),
    ],
  ];
  for (const size of sizes) {
    await history.growTo([db], size);
    console.log(`\n${size} requests\n`);
    for (const [name, run] of parts) {
      const times: number[] = [];
      let answer: unknown;
      for (let call = 0; call < calls; call++) {
        const start = performance.now();
        answer = await run().catch((error: Error) => error.message);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const rows = Array.isArray(answer) ? answer.length : typeof answer === 'number' ? answer : '';
      console.log(`${name}: ${(times[Math.floor(times.length / 2)] ?? 0).toFixed(1)} ms (${rows})`);
    }
  }
} finally {
  await db.connection.dropDatabase();
  await db.close();
  await mongo.stop();
}
