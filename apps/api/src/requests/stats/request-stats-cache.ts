import type { TeamStageCounts } from '@fixstream/db';
import type { RedisConnection } from '@fixstream/events';
import type { Logger } from 'pino';

/** Counts as cached, with when they were counted. */
export interface CountedStats {
  counts: TeamStageCounts;
  countedAt: Date;
}

/** How long cached counts live at most, whatever happens to the invalidations. */
export const STATS_CACHE_TTL_MS = 30_000;
const RETRY_INVALIDATIONS_MS = 1_000;

/**
 * Stores counts unless the company's version moved since they were counted: a request written meanwhile bumps
 * the version after its write, so counts that may miss it are never stored under the new version.
 */
const STORE_IF_CURRENT = `
if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;

/**
 * A per-company cache of `requests.stats` counts in Redis, so a kanban header does not count a company's whole
 * history per call. Every request write that can move a count (create, stage change) bumps the company's version
 * after it is written ({@link RequestStatsCache.invalidate}); counts are served only under the version they were
 * counted at. When Redis cannot take a bump, the company is bumped again every second until it can, and cached
 * counts expire after {@link STATS_CACHE_TTL_MS} in any case (an API process that dies holding an unsent bump).
 * When Redis is unreachable, counts are computed per call.
 */
export interface RequestStatsCache {
  counts(companyId: string, count: () => Promise<TeamStageCounts>): Promise<CountedStats>;
  invalidate(companyId: string): Promise<void>;
  close(): void;
}

export function requestStatsCache(options: {
  redis: RedisConnection;
  prefix: string;
  logger: Logger;
}): RequestStatsCache {
  const { redis, prefix, logger } = options;
  const keys = (companyId: string) => {
    const tag = `${prefix}stats:{company:${companyId}}`;
    return { version: `${tag}:version`, counts: `${tag}:counts` };
  };
  const unsent = new Set<string>();
  let retry: NodeJS.Timeout | null = null;

  const bump = async (companyId: string): Promise<boolean> => {
    try {
      await redis.incr(keys(companyId).version);
      unsent.delete(companyId);
      return true;
    } catch (error) {
      unsent.add(companyId);
      retry ??= setInterval(() => void flush(), RETRY_INVALIDATIONS_MS).unref();
      logger.warn({ err: error, companyId }, 'stats version not bumped; retrying every second');
      return false;
    }
  };
  const flush = async () => {
    for (const companyId of [...unsent]) if (!(await bump(companyId))) return;
    if (unsent.size === 0 && retry) {
      clearInterval(retry);
      retry = null;
    }
  };

  return {
    invalidate: async (companyId) => {
      await bump(companyId);
    },
    async counts(companyId, count) {
      const key = keys(companyId);
      let version: string;
      try {
        if (unsent.has(companyId) && !(await bump(companyId))) throw new Error('stats version not bumped');
        const [current, cached] = await redis.mget(key.version, key.counts);
        version = current ?? '0';
        const hit = cached?.startsWith(`${version}|`) ? cached.slice(version.length + 1) : null;
        if (hit) {
          const parsed = JSON.parse(hit) as { counts: TeamStageCounts; countedAt: string };
          return { counts: parsed.counts, countedAt: new Date(parsed.countedAt) };
        }
      } catch (error) {
        logger.warn({ err: error, companyId }, 'stats cache unavailable; counting');
        return { counts: await count(), countedAt: new Date() };
      }
      const countedAt = new Date();
      const counts = await count();
      const value = JSON.stringify({ counts, countedAt: countedAt.toISOString() });
      await redis
        .eval(STORE_IF_CURRENT, 2, key.version, key.counts, version, value, STATS_CACHE_TTL_MS)
        .catch((error: unknown) => logger.warn({ err: error, companyId }, 'stats not cached'));
      return { counts, countedAt };
    },
    close() {
      if (retry) clearInterval(retry);
    },
  };
}
