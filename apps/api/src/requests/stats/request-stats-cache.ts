import type { TeamStageCounts } from '@fixstream/db';
import type { RedisConnection } from '@fixstream/events';
import type { Logger } from 'pino';

/** Counts as cached, with when each team's were counted, and the oldest of those. */
export interface CountedStats {
  counts: TeamStageCounts;
  countedAtByTeam: Record<string, Date>;
  countedAt: Date;
}

/** How long cached counts live at most, whatever happens to the invalidations. */
export const STATS_CACHE_TTL_MS = 30_000;
const RETRY_INVALIDATIONS_MS = 1_000;

/**
 * Reads the company's version, then per team its version and cached counts, in one atomic step, so counts are
 * compared with the versions of the same instant.
 */
const READ = `
local out = { redis.call('GET', KEYS[1]) or '0' }
for _, team in ipairs(ARGV) do
  out[#out + 1] = redis.call('HGET', KEYS[2], team) or '0'
  out[#out + 1] = redis.call('HGET', KEYS[3], team) or ''
end
return out`;

/**
 * Stores each team's counts unless the company's version or the team's moved since they were counted: a request
 * written meanwhile bumps its team after its write, so counts that may miss it are never stored as current.
 */
const STORE_IF_CURRENT = `
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
local stored = 0
for i = 3, #ARGV, 3 do
  if (redis.call('HGET', KEYS[2], ARGV[i]) or '0') == ARGV[i + 1] then
    redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 2])
    stored = stored + 1
  end
end
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return stored`;

/**
 * A per-company, per-team cache of `requests.stats` counts in Redis, so a kanban header does not count a
 * company's whole history per call, and a write costs the next call a recount of one team, not of every team.
 * Every request write that can move a count (create, stage change) bumps its team's version after it is written
 * ({@link RequestStatsCache.invalidate}); a team's counts are served only under the versions they were counted
 * at. When Redis cannot take a bump, the whole company is bumped every second until it can, and cached counts
 * are served for {@link STATS_CACHE_TTL_MS} at most in any case (an API process that dies holding an unsent
 * bump). When Redis is unreachable, counts are computed per call.
 */
export interface RequestStatsCache {
  /** Counts of `teamIds`, from the cache where current, counting the others with `count`. */
  counts(
    companyId: string,
    teamIds: readonly string[],
    count: (teamIds: string[]) => Promise<TeamStageCounts>,
  ): Promise<CountedStats>;
  /** Marks the counts of one team as moved; called after the write that moved them. */
  invalidate(companyId: string, teamId: string): Promise<void>;
  close(): void;
}

interface CachedTeam {
  counts: TeamStageCounts[string];
  countedAt: number;
}

export function requestStatsCache(options: {
  redis: RedisConnection;
  prefix: string;
  logger: Logger;
}): RequestStatsCache {
  const { redis, prefix, logger } = options;
  const keysOf = (companyId: string) => {
    const tag = `${prefix}stats:{company:${companyId}}`;
    return [`${tag}:version`, `${tag}:team-versions`, `${tag}:team-counts`] as const;
  };
  const unsent = new Set<string>();
  let retry: NodeJS.Timeout | null = null;

  const bumpCompany = async (companyId: string): Promise<boolean> => {
    try {
      await redis.incr(keysOf(companyId)[0]);
      unsent.delete(companyId);
      return true;
    } catch (error) {
      remember(companyId, error);
      return false;
    }
  };
  const remember = (companyId: string, error: unknown) => {
    unsent.add(companyId);
    retry ??= setInterval(() => void flush(), RETRY_INVALIDATIONS_MS).unref();
    logger.warn({ err: error, companyId }, 'stats version not bumped; retrying every second');
  };
  const flush = async () => {
    for (const companyId of [...unsent]) if (!(await bumpCompany(companyId))) return;
    if (unsent.size === 0 && retry) {
      clearInterval(retry);
      retry = null;
    }
  };

  return {
    async invalidate(companyId, teamId) {
      try {
        await redis.hincrby(keysOf(companyId)[1], teamId, 1);
      } catch (error) {
        remember(companyId, error);
      }
    },
    async counts(companyId, teamIds, count) {
      const keys = keysOf(companyId);
      const teams = [...new Set(teamIds)];
      let read: string[];
      try {
        if (unsent.has(companyId) && !(await bumpCompany(companyId)))
          throw new Error('stats version not bumped');
        read = (await redis.eval(READ, 3, ...keys, ...teams)) as string[];
      } catch (error) {
        logger.warn({ err: error, companyId }, 'stats cache unavailable; counting');
        return counted(await count(teams), new Map(teams.map((team) => [team, Date.now()])));
      }
      const companyVersion = read[0] ?? '0';
      const result: TeamStageCounts = {};
      const countedAt = new Map<string, number>();
      const stale: { team: string; version: string }[] = [];
      for (const [i, team] of teams.entries()) {
        const version = read[1 + 2 * i] ?? '0';
        const hit = fresh(read[2 + 2 * i] ?? '', `${companyVersion}.${version}|`);
        if (hit) {
          result[team] = hit.counts;
          countedAt.set(team, hit.countedAt);
        } else stale.push({ team, version });
      }
      if (stale.length === 0) return counted(result, countedAt);
      const now = Date.now();
      const recounted = await count(stale.map((s) => s.team));
      const entries = stale.flatMap(({ team, version }) => {
        const counts = recounted[team];
        if (!counts) return [];
        result[team] = counts;
        countedAt.set(team, now);
        const value = JSON.stringify({ counts, countedAt: now } satisfies CachedTeam);
        return [team, version, `${companyVersion}.${version}|${value}`];
      });
      await redis
        .eval(STORE_IF_CURRENT, 3, ...keys, companyVersion, STATS_CACHE_TTL_MS, ...entries)
        .catch((error: unknown) => logger.warn({ err: error, companyId }, 'stats not cached'));
      return counted(result, countedAt);
    },
    close() {
      if (retry) clearInterval(retry);
    },
  };
}

function counted(counts: TeamStageCounts, countedAt: Map<string, number>): CountedStats {
  const times = [...countedAt.values()];
  return {
    counts,
    countedAtByTeam: Object.fromEntries([...countedAt].map(([team, at]) => [team, new Date(at)])),
    countedAt: new Date(times.length > 0 ? Math.min(...times) : Date.now()),
  };
}

/** The cached entry when it carries `tag` and is younger than the cache's limit. */
function fresh(stored: string, tag: string): CachedTeam | null {
  if (!stored.startsWith(tag)) return null;
  const entry = JSON.parse(stored.slice(tag.length)) as CachedTeam;
  return Date.now() - entry.countedAt < STATS_CACHE_TTL_MS ? entry : null;
}
