import { join } from 'node:path';
import { connectDatabase, requestStatuses, writeSearchTermsOf } from '@fixstream/db';
import getPort from 'get-port';
import { login, trpcQuery } from '../api/trpc-http.ts';
import { startApiApp } from '../proc/fixstream-apps.ts';
import { seededRandom } from '../reads/seeded-random.ts';
import { type BenchContext, baseAppEnv } from '../run/bench-context.ts';
import { seedDatabase } from '../services/seed-data.ts';
import { type Figure, figureOf } from '../stats/figure.ts';
import { boardRequestDocs } from './board-requests.ts';
import { type BoardExpectation, type BoardRound, boardColumnPageSize, boardRound } from './board-round.ts';
import { initialJsKb } from './bundle-size.ts';

/** The board measured at one size: per-round figures over the rounds. */
export interface BoardFigures {
  /** Requests the bench inserted; the seed's own come on top (see `requestsOnBoard`). */
  requestsInserted: number;
  /** Sum of the stage totals the board's headers show. */
  requestsOnBoard: number;
  /** Cards per column before "Show more". */
  columnPageSize: number;
  renderMs: Figure;
  cardsRendered: Figure;
  longTasks: Figure;
  totalBlockingMs: Figure;
  longestTaskMs: Figure;
  loadBlockingMs: Figure;
  interactionBlockingMs: Figure;
}

export interface WebFigures {
  /** Gzipped kB of the initial JS, from the build's bundle report. */
  initialJsKb: Figure;
  board: BoardFigures;
}

/**
 * The web app against issue 13's budgets: the initial JS's gzipped size from the build, then the board of the demo
 * company with `plan.web.requests` more requests in its four stages, served by the compiled API with
 * `WEB_DIST_DIR` and opened in headless Chromium, a fresh profile per round, signed in as the manager.
 */
export async function runWebBench(ctx: BenchContext): Promise<WebFigures> {
  const plan = ctx.plan.web;
  const bundle = await initialJsKb(ctx.repoRoot);
  ctx.log(`web: initial JS ${bundle.kb.toFixed(1)} kB gzipped (${bundle.files} files)`);
  const mongoUri = ctx.services.databaseUri(`bench-web-${Date.now()}`);
  const seed = await seedDatabase(ctx.repoRoot, mongoUri);
  const db = await connectDatabase(mongoUri);
  const stops: (() => Promise<unknown>)[] = [
    async () => {
      await db.connection.dropDatabase().catch(() => undefined);
      await db.close();
    },
  ];
  try {
    const equipment = await db.models.Equipment.find(
      { company: seed.company.id },
      { name: 1, team: 1 },
    ).lean();
    const docs = boardRequestDocs(
      {
        companyId: seed.company.id,
        requesterIds: seed.users.filter((user) => user.role !== 'technician').map((user) => user.id),
        teams: seed.teams,
        equipment: equipment.map((item) => ({
          id: item._id.toString(),
          name: item.name,
          team: item.team?.toString() ?? null,
        })),
      },
      seededRandom(0xb0a2d),
      plan.requests,
      new Date(),
    );
    await db.models.Request.collection.insertMany(docs);
    await writeSearchTermsOf(db, docs);
    const port = await getPort();
    const apiUrl = `http://127.0.0.1:${port}`;
    const api = await startApiApp(ctx, {
      name: 'api-web',
      env: {
        ...baseAppEnv(ctx, { mongoUri, prefix: 'bench:web:' }),
        WEB_DIST_DIR: join(ctx.repoRoot, 'apps/web/dist'),
      },
      port,
    });
    stops.unshift(() => api.stop());
    const manager = seed.users.find((user) => user.role === 'manager');
    if (!manager) throw new Error('the seed has no manager');
    const expected = await boardExpectation(apiUrl, manager);
    const requestsOnBoard = Object.values(expected).reduce((sum, stage) => sum + stage.total, 0);
    const rounds: BoardRound[] = [];
    const roundCount = plan.oneRound ? 1 : ctx.rounds;
    for (let round = 0; round < roundCount; round++) {
      const result = await boardRound(apiUrl, manager, expected);
      rounds.push(result);
      ctx.log(
        `web board ${requestsOnBoard} round ${round + 1}/${roundCount}: ${result.cardsRendered} cards in ${result.renderMs.toFixed(0)} ms; long tasks ${result.all.longTasks} (longest ${result.all.longestTaskMs.toFixed(0)} ms), TBT load ${result.load.totalBlockingMs.toFixed(0)} + use ${result.interaction.totalBlockingMs.toFixed(0)} ms`,
      );
    }
    const of = (pick: (round: BoardRound) => number, unit: string) => figureOf(rounds.map(pick), unit);
    return {
      initialJsKb: figureOf([bundle.kb], 'kB'),
      board: {
        requestsInserted: plan.requests,
        requestsOnBoard,
        columnPageSize: boardColumnPageSize,
        renderMs: of((r) => r.renderMs, 'ms'),
        cardsRendered: of((r) => r.cardsRendered, 'cards'),
        longTasks: of((r) => r.all.longTasks, 'tasks'),
        totalBlockingMs: of((r) => r.all.totalBlockingMs, 'ms'),
        longestTaskMs: of((r) => r.all.longestTaskMs, 'ms'),
        loadBlockingMs: of((r) => r.load.totalBlockingMs, 'ms'),
        interactionBlockingMs: of((r) => r.interaction.totalBlockingMs, 'ms'),
      },
    };
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

/** Per stage, what the API says the board shows: the total in the header, the first page's cards below it. */
async function boardExpectation(
  apiUrl: string,
  user: { email: string; password: string },
): Promise<BoardExpectation> {
  const token = await login(apiUrl, user.email, user.password);
  const stats = await trpcQuery<{ teams: { counts: Record<string, number> }[] }>(
    apiUrl,
    token,
    'requests.stats',
    {},
  );
  const expected: BoardExpectation = {};
  for (const status of requestStatuses) {
    const total = stats.teams.reduce((sum, team) => sum + (team.counts[status] ?? 0), 0);
    expected[status] = { total, cards: Math.min(total, boardColumnPageSize) };
  }
  return expected;
}
