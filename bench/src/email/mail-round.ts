import type { MailSink } from '../services/mail-sink.ts';
import { nowMs } from '../stats/now-ms.ts';

/**
 * One email round: starts waiting for the round's Message-IDs at the sink, then `start()`s the work, and
 * returns mails per second from that start to the moment the sink accepted the last one.
 */
export async function mailRound(opts: {
  sink: MailSink;
  messageIds: readonly string[];
  timeoutMs: number;
  start: () => Promise<unknown>;
}): Promise<number> {
  const arrived = opts.sink.waitForMessageIds(opts.messageIds, opts.timeoutMs);
  const started = nowMs();
  await opts.start();
  const last = await arrived;
  return opts.messageIds.length / (Math.max(1, last - started) / 1000);
}
