import autocannon from 'autocannon';

/** One fixed-concurrency load run: successful responses per second and their latency. */
export interface LoadRun {
  throughputRps: number;
  /** Requests sent, those still in flight when the run ended included (the server handles them all the same). */
  sent: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers and socket errors: a run with any is reported as broken, not as fast. */
  failures: number;
}

/** Sends the same POST over `connections` keep-alive connections for `durationSec` with autocannon. */
export async function loadRun(opts: {
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  durationSec: number;
}): Promise<LoadRun> {
  const result = await autocannon({
    url: opts.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...opts.headers },
    body: opts.body,
    connections: opts.connections,
    duration: opts.durationSec,
  });
  const ok = result['2xx'];
  return {
    throughputRps: ok / result.duration,
    sent: result.requests.sent,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors,
  };
}
