import { Agent, request } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { nowMs } from '../stats/now-ms.ts';

/** One request of an open-loop run: when its answer was complete, and whether it succeeded. */
export interface Sent {
  subject: string;
  answeredAtMs: number;
  latencyMs: number;
  ok: boolean;
}

/**
 * Sends `requests.create` at a fixed arrival rate for `durationSec`, whatever the answers take (open loop: a
 * slow server gets more requests in flight, as with real users, instead of fewer as with a closed loop).
 */
export async function openLoop(opts: {
  url: string;
  token: string;
  rate: number;
  durationSec: number;
  body: (i: number) => { subject: string; json: string };
}): Promise<Sent[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(opts.rate * opts.durationSec);
  const pending: Promise<Sent>[] = [];
  const started = nowMs();
  try {
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / opts.rate;
      const wait = due - nowMs();
      if (wait > 1) await delay(wait);
      const { subject, json } = opts.body(i);
      pending.push(post(agent, opts.url, opts.token, json).then((sent) => ({ ...sent, subject })));
    }
    return await Promise.all(pending);
  } finally {
    agent.destroy();
  }
}

function post(agent: Agent, url: string, token: string, json: string): Promise<Omit<Sent, 'subject'>> {
  const sentAt = nowMs();
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(json),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const answeredAtMs = nowMs();
          resolve({ answeredAtMs, latencyMs: answeredAtMs - sentAt, ok: res.statusCode === 200 });
        });
      },
    );
    req.on('error', () => {
      const answeredAtMs = nowMs();
      resolve({ answeredAtMs, latencyMs: answeredAtMs - sentAt, ok: false });
    });
    req.end(json);
  });
}
