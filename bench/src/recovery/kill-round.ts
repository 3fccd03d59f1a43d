import { setTimeout as delay } from 'node:timers/promises';
import { streamGroups } from '@fixstream/events';
import { waitFor } from '@fixstream/test-support';
import type { Redis } from 'ioredis';
import { openLoop } from '../e2e/open-loop.ts';
import { requestJson } from '../e2e/request-body.ts';
import type { AppProcess } from '../proc/app-process.ts';
import type { SinkDelays } from '../services/mail-sink.child.ts';
import type { MailSink } from '../services/mail-sink.ts';
import type { RequestParties } from '../services/seed-data.ts';
import { nowMs } from '../stats/now-ms.ts';

/** What one SIGKILL round measured. */
export interface KillRound {
  /** Seconds from the SIGKILL to the arrival of the last request's first mail. */
  sigkillToAllMailedS: number;
  /** Requests that got more than one creation mail. */
  repeatedMails: number;
  /** Mails already at the sink when the worker was killed. */
  arrivedAtKill: number;
}

/**
 * One recovery round. Creates the requests through the API, and once `killAfterMails` of their mails have
 * arrived (the rest are queued, being rendered, sent, or held by the slowed sink) SIGKILLs the worker and starts
 * a new one at once. Times from the kill to the moment every request has its mail, then waits until the event's
 * consumer groups hold nothing pending (no run is left that could send again) to count the requests mailed more
 * than once. Returns the new worker, which the next round kills.
 */
export async function killRound(round: {
  worker: AppProcess;
  startWorker: () => Promise<AppProcess>;
  apiUrl: string;
  token: string;
  parties: RequestParties;
  sink: MailSink;
  sinkDelays: SinkDelays;
  redis: Redis;
  /** The `request.created` stream the worker reads. */
  stream: string;
  /** Unique to the round, regex-safe: the end of every subject it creates. */
  tag: string;
  requests: number;
  createRate: number;
  killAfterMails: number;
}): Promise<{ round: KillRound; worker: AppProcess }> {
  const subject = new RegExp(`(${round.tag} #\\d+)$`);
  const arrivals = new Map<string, number[]>();
  const unsubscribe = round.sink.subscribe((mail) => {
    const key = subject.exec(mail.subject ?? '')?.[1];
    if (key) arrivals.set(key, [...(arrivals.get(key) ?? []), mail.acceptedAtMs]);
  });
  try {
    const tagOf = (i: number) => `${round.tag} #${i}`;
    const sent = await openLoop({
      url: `${round.apiUrl}/trpc/requests.create`,
      token: round.token,
      rate: round.createRate,
      durationSec: round.requests / round.createRate,
      body: (i) => ({ subject: tagOf(i), json: requestJson(round.parties, tagOf(i), i) }),
    });
    const failed = sent.filter((s) => !s.ok).length;
    if (failed > 0) throw new Error(`recovery: ${failed} of ${sent.length} requests failed`);
    await waitFor(
      () => arrivals.size >= round.killAfterMails,
      () => `${round.killAfterMails} mails before the kill (${arrivals.size} arrived)`,
      { timeoutMs: 60_000, intervalMs: 10 },
    );
    const arrivedAtKill = arrivals.size;
    if (arrivedAtKill >= sent.length)
      throw new Error('recovery: every mail arrived before the kill; slow the sink or create faster');
    const killedAt = nowMs();
    await round.worker.kill();
    const worker = await round.startWorker();
    await waitFor(
      () => sent.every((s) => arrivals.has(s.subject)),
      () =>
        `${sent.length} mails after the kill (${sent.filter((s) => arrivals.has(s.subject)).length} arrived)`,
      { timeoutMs: 180_000, intervalMs: 20 },
    );
    const lastFirst = Math.max(...sent.map((s) => Math.min(...(arrivals.get(s.subject) ?? []))));
    await waitFor(
      async () => {
        const groups = await streamGroups(round.redis, round.stream);
        return groups.length > 0 && groups.every((g) => g.pending === 0 && (g.lag ?? 0) === 0);
      },
      'nothing pending after the kill',
      { timeoutMs: 180_000, intervalMs: 50 },
    );
    // A mail is handed over only once the sink replies, and the sink passes mails on every 5 ms.
    await delay(round.sinkDelays.dataMs + 100);
    return {
      round: {
        sigkillToAllMailedS: (lastFirst - killedAt) / 1000,
        repeatedMails: sent.filter((s) => (arrivals.get(s.subject)?.length ?? 0) > 1).length,
        arrivedAtKill,
      },
      worker,
    };
  } finally {
    unsubscribe();
  }
}
