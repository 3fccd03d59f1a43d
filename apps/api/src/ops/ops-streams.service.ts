import {
  groupConsumers,
  oldestPendingId,
  scanStreams,
  streamGroups,
  streamIdTimestamp,
  streamKeys,
} from '@fixstream/events';
import type { ApiDeps } from '../deps.ts';
import { AppError, AppErrorCode } from '../errors/app-error.ts';
import type { StreamsOutput } from './ops.schemas.ts';

/**
 * Every event stream under the deployment's prefix with its consumer groups (one per function) and their
 * consumers (worker processes): what `pnpm ops status` shows of Redis. Streams are shared by every company, so
 * this is infrastructure, not company data; the policy shows it to admins only.
 */
export async function listStreams(deps: ApiDeps, now = Date.now()): Promise<StreamsOutput> {
  const { redis, prefix } = deps.streams;
  const keys = streamKeys(prefix);
  try {
    const names = await scanStreams(redis, keys.streamKeyStart);
    const streams = await Promise.all(
      names.map(async (stream) => {
        const event = keys.eventNameOf(stream) ?? stream;
        const [length, groups, wakeUps] = await Promise.all([
          redis.xlen(stream),
          streamGroups(redis, stream),
          redis.zcard(keys.timers(event)),
        ]);
        return {
          stream,
          event,
          length,
          wakeUps,
          groups: await Promise.all(
            groups.map(async (group) => {
              const [consumers, oldest] = await Promise.all([
                groupConsumers(redis, stream, group.name),
                group.pending > 0 ? oldestPendingId(redis, stream, group.name) : null,
              ]);
              return {
                function: group.name,
                lag: group.lag,
                pending: group.pending,
                oldestPendingAgeMs: oldest === null ? null : Math.max(0, now - streamIdTimestamp(oldest)),
                consumers,
              };
            }),
          ),
        };
      }),
    );
    for (const stream of streams) stream.groups.sort((a, b) => a.function.localeCompare(b.function));
    return { streams: streams.sort((a, b) => a.event.localeCompare(b.event)) };
  } catch (error) {
    throw new AppError(AppErrorCode.Unavailable, 'Redis does not answer; the streams cannot be read now', {
      cause: error,
    });
  }
}
