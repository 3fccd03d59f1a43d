import { requestCreated, streamKeys } from '@fixstream/events';
import getPort from 'get-port';
import { Redis } from 'ioredis';
import { login } from '../api/trpc-http.ts';
import type { AppProcess } from '../proc/app-process.ts';
import { startApiApp, startWorkerApp } from '../proc/fixstream-apps.ts';
import { type BenchContext, baseAppEnv } from '../run/bench-context.ts';
import type { SinkDelays } from '../services/mail-sink.child.ts';
import { requestParties, seedDatabase } from '../services/seed-data.ts';
import { type Figure, figureOf } from '../stats/figure.ts';
import { killRound } from './kill-round.ts';

/** How fast the product recovers from a worker that dies mid-work, and what the crash costs in repeated mails. */
export interface RecoveryFigures {
  requests: number;
  sinkDelays: SinkDelays;
  sigkillToAllMailedS: Figure;
  /** Informational: at least once means a mail in flight at the kill may go out again. */
  repeatedMails: Figure;
}

/**
 * The API and the worker as processes with the worker's default settings (reclaim idle time, heartbeats, relay
 * lease); only the SMTP sink is slowed, so mails are in flight. Each round SIGKILLs the running worker midway
 * through a batch of requests and starts another (see `killRound`).
 */
export async function runRecoveryBench(ctx: BenchContext): Promise<RecoveryFigures> {
  const { recovery } = ctx.plan;
  const stamp = Date.now();
  const mongoUri = ctx.services.databaseUri(`bench-recovery-${stamp}`);
  const parties = requestParties(await seedDatabase(ctx.repoRoot, mongoUri));
  const prefix = `bench:recovery:${stamp}:`;
  const env = baseAppEnv(ctx, { mongoUri, prefix });
  const port = await getPort();
  const redis = new Redis(ctx.services.redisUrl, { maxRetriesPerRequest: null });
  const apps: AppProcess[] = [];
  let workers = 0;
  const startWorker = async () => {
    const worker = await startWorkerApp(ctx, { name: `recovery-worker-${++workers}`, env });
    apps.push(worker);
    return worker;
  };
  const sink = ctx.services.sink;
  try {
    apps.push(await startApiApp(ctx, { name: 'recovery-api', env, port }));
    let worker = await startWorker();
    const apiUrl = `http://127.0.0.1:${port}`;
    const token = await login(apiUrl, parties.requester.email, parties.requester.password);
    await sink.slowReplies(recovery.sinkDelays);
    const rounds = [];
    for (let round = 1; round <= ctx.rounds; round++) {
      const result = await killRound({
        worker,
        startWorker,
        apiUrl,
        token,
        parties,
        sink,
        redis,
        stream: streamKeys(prefix).stream(requestCreated.name),
        tag: `bench-recovery-${stamp}-${round}`,
        ...recovery,
      });
      worker = result.worker;
      rounds.push(result.round);
      ctx.log(
        `recovery round ${round}: SIGKILL with ${result.round.arrivedAtKill} of ${recovery.requests} mailed; all mailed ${result.round.sigkillToAllMailedS.toFixed(2)} s after it; ${result.round.repeatedMails} mailed more than once`,
      );
    }
    return {
      requests: recovery.requests,
      sinkDelays: recovery.sinkDelays,
      sigkillToAllMailedS: figureOf(
        rounds.map((r) => r.sigkillToAllMailedS),
        's',
      ),
      repeatedMails: figureOf(
        rounds.map((r) => r.repeatedMails),
        'requests',
      ),
    };
  } finally {
    await sink.slowReplies(null);
    await Promise.all(apps.map((app) => app.stop()));
    redis.disconnect();
  }
}
