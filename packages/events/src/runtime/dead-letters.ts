import type { StreamKeys } from '../keys.ts';
import { isCluster, type RedisConnection } from '../redis/connection.ts';

/** One dead letter as written to `<prefix>dead:{fn:<function id>}`, readable with XRANGE. */
export interface DeadLetter {
  functionId: string;
  eventId: string;
  eventName: string;
  attempts: number;
  error: string;
  failedAt: string;
  /** Where the event came from: its stream and entry id. */
  stream: string;
  entryId: string;
  /** The original event as JSON (or its raw stream fields, when it did not decode). */
  event: string;
}

/** Dead-letter streams are capped generously; the ledger in MongoDB keeps every dead run regardless. */
const deadLetterMaxLen = 100_000;

/** Appends dead letters: one pipeline per batch on a single Redis, one XADD each on a cluster. */
export async function writeDeadLetters(
  redis: RedisConnection,
  keys: StreamKeys,
  letters: readonly DeadLetter[],
): Promise<void> {
  if (letters.length === 0) return;
  const argsOf = (letter: DeadLetter) =>
    [
      keys.deadLetters(letter.functionId),
      'MAXLEN',
      '~',
      deadLetterMaxLen,
      '*',
      ...Object.entries(letter).flatMap(([field, value]) => [field, String(value)]),
    ] as const;
  if (isCluster(redis)) {
    await Promise.all(letters.map((letter) => redis.xadd(...argsOf(letter))));
    return;
  }
  const pipeline = redis.pipeline();
  for (const letter of letters) pipeline.xadd(...argsOf(letter));
  const results = (await pipeline.exec()) ?? [];
  for (const [error] of results) if (error) throw error;
}

export function parseDeadLetter(fields: readonly string[]): DeadLetter {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i] as string] = fields[i + 1] as string;
  return {
    functionId: record.functionId ?? '',
    eventId: record.eventId ?? '',
    eventName: record.eventName ?? '',
    attempts: Number(record.attempts ?? 0),
    error: record.error ?? '',
    failedAt: record.failedAt ?? '',
    stream: record.stream ?? '',
    entryId: record.entryId ?? '',
    event: record.event ?? '',
  };
}
