import { decodeEntry, requestCreated } from '@fixstream/events';
import { Redis } from 'ioredis';
import { childConfig, toParent } from '../proc/child-ipc.ts';

/** A bare consumer group reader: the ceiling of what reading a stream costs, with nothing of the runtime. */
export interface BareGroupConfig {
  redisUrl: string;
  stream: string;
  group: string;
  batchSize: number;
}

const config = childConfig<BareGroupConfig>();
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
const reader = redis.duplicate();
await redis.xgroup('CREATE', config.stream, config.group, '0', 'MKSTREAM').catch((error: Error) => {
  if (!error.message.startsWith('BUSYGROUP')) throw error;
});
let running = true;
process.on('SIGTERM', () => {
  running = false;
  reader.disconnect();
  redis.disconnect();
  process.exit(0);
});
toParent({ type: 'ready' });
// Read a batch, validate each event with the catalog's schema, acknowledge the batch with one XACK.
while (running) {
  const reply = (await reader.xreadgroup(
    'GROUP',
    config.group,
    'bare',
    'COUNT',
    config.batchSize,
    'BLOCK',
    1_000,
    'STREAMS',
    config.stream,
    '>',
  )) as [string, [string, string[]][]][] | null;
  const entries = reply?.[0]?.[1] ?? [];
  if (entries.length === 0) continue;
  for (const [, fields] of entries) {
    const decoded = decodeEntry(fields);
    if (decoded.ok) requestCreated.envelope.safeParse(decoded.event);
  }
  await redis.xack(config.stream, config.group, ...entries.map(([id]) => id));
}
