import { waitFor } from '@fixstream/test-support';
import autocannon from 'autocannon';
import type { MailSink } from '../services/mail-sink.ts';
import type { RequestParties } from '../services/seed-data.ts';
import { nowMs } from '../stats/now-ms.ts';
import { requestJson } from './request-body.ts';

/** What a capacity burst found: completed requests per second, and how many requests it sent. */
export interface Capacity {
  requestsPerSec: number;
  answered: number;
}

/**
 * The highest rate at which the API and the worker together complete requests (answer and mail), measured in a
 * short closed-loop burst: `clients` keep-alive connections send `requests.create` back to back for
 * `durationSec` (autocannon), and the capacity is the number of the burst's mails the sink accepted per second
 * between `steadyAfterSec` and the end of the burst. Whichever side is slower sets that rate: if the API is, the
 * mails follow its answers; if the worker is, a backlog builds and the worker mails as fast as it can while the
 * API keeps the CPU busy. The start is left out (connections open, the backlog forms). Sharing the machine with a
 * saturated API makes this a lower bound of what the worker does alone, so half of it is a load both sides
 * sustain. Returns once the backlog has drained, so the next measurement starts from an idle system.
 */
export async function measureCapacity(load: {
  apiUrl: string;
  token: string;
  parties: RequestParties;
  sink: MailSink;
  clients: number;
  durationSec: number;
  steadyAfterSec: number;
  /** Unique to this burst: the subject of every request it creates ends with it. */
  tag: string;
}): Promise<Capacity> {
  const arrivals: number[] = [];
  const unsubscribe = load.sink.subscribe((mail) => {
    if (mail.subject?.endsWith(load.tag)) arrivals.push(mail.acceptedAtMs);
  });
  try {
    const started = nowMs();
    const result = await autocannon({
      url: `${load.apiUrl}/trpc/requests.create`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${load.token}` },
      body: requestJson(load.parties, load.tag, 0),
      connections: load.clients,
      duration: load.durationSec,
    });
    const ended = nowMs();
    const failures = result.non2xx + result.errors;
    if (failures > 0) throw new Error(`capacity burst: ${failures} requests failed`);
    const answered = result['2xx'];
    await waitFor(
      () => arrivals.length >= answered,
      () => `${answered} mails of the capacity burst (${arrivals.length} arrived)`,
      { timeoutMs: Math.max(120_000, answered * 100), intervalMs: 50 },
    );
    const windowStart = started + load.steadyAfterSec * 1000;
    const inWindow = arrivals.filter((at) => at >= windowStart && at <= ended).length;
    return { requestsPerSec: inWindow / ((ended - windowStart) / 1000), answered };
  } finally {
    unsubscribe();
  }
}
