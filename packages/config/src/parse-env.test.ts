import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mongoEnv, redisEnv, requireRedisTarget, smtpEnv } from './fragments.ts';
import { EnvError, parseEnv } from './parse-env.ts';

const schema = z.object({ ...mongoEnv.shape, ...redisEnv.shape, ...smtpEnv.shape });

describe('parseEnv', () => {
  it('applies defaults and coerces numbers and booleans', () => {
    const env = parseEnv(schema, {
      MONGODB_URI: 'mongodb://127.0.0.1:27017/fixstream',
      REDIS_URL: 'redis://127.0.0.1:6379',
      MAIL_HOST: 'localhost',
      MAIL_PORT: '2525',
      MAIL_SECURE: 'false',
    });
    expect(env.MAIL_PORT).toBe(2525);
    expect(env.MAIL_SECURE).toBe(false);
    expect(env.FIXSTREAM_KEY_PREFIX).toBe('fixstream:');
    expect(env.MAIL_FROM).toContain('@');
  });

  it('lists every missing or invalid variable in one error', () => {
    let error: unknown;
    try {
      parseEnv(schema, { REDIS_URL: 'http://nope', MAIL_PORT: 'abc', MAIL_HOST: '' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const problems = (error as EnvError).problems.join('\n');
    expect(problems).toContain('MONGODB_URI: is required but not set');
    expect(problems).toContain('REDIS_URL: must be a redis://');
    expect(problems).toContain('MAIL_PORT');
    expect(problems).not.toContain('MAIL_PORT: is required');
    expect(problems).toContain('MAIL_HOST: is required but not set');
  });

  it('takes a Redis Cluster instead of REDIS_URL, and lists a missing Redis with the other problems', () => {
    const withRedis = z.object({ ...mongoEnv.shape, ...redisEnv.shape }).check(requireRedisTarget);
    const mongo = { MONGODB_URI: 'mongodb://127.0.0.1:27017/fixstream' };
    expect(
      parseEnv(withRedis, { ...mongo, REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-2.internal:7001,' })
        .REDIS_CLUSTER_NODES,
    ).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-2.internal', port: 7001 },
    ]);
    const problemsOf = (source: Record<string, string>) => {
      try {
        parseEnv(withRedis, source);
        return [];
      } catch (error) {
        return (error as EnvError).problems;
      }
    };
    expect(problemsOf({})).toEqual([
      'MONGODB_URI: is required but not set',
      'REDIS_URL: is required unless REDIS_CLUSTER_NODES is set',
    ]);
    expect(problemsOf({ ...mongo, REDIS_CLUSTER_NODES: 'redis-1' }).join()).toMatch(
      /REDIS_CLUSTER_NODES.*host:port/,
    );
    expect(problemsOf({ ...mongo, REDIS_CLUSTER_NODES: ',' }).join()).toMatch(/at least one host:port/);
  });
});
