import { EnvError } from '@fixstream/config';
import { describe, expect, it } from 'vitest';
import { parseApiEnv } from './env.ts';

const base = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/fixstream',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'a-development-secret',
};

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseApiEnv(source);
    return [];
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
}

describe('API environment', () => {
  it('accepts a short secret in development', () => {
    expect(parseApiEnv(base).JWT_SECRET).toBe('a-development-secret');
  });

  it('refuses to start in production with a missing, short, known or repetitive JWT_SECRET', () => {
    const production = { ...base, NODE_ENV: 'production' };
    const { JWT_SECRET: _, ...withoutSecret } = production;
    expect(problemsOf(withoutSecret)).toContain('JWT_SECRET: is required but not set');
    for (const secret of ['a-development-secret', 'change-me-to-a-long-random-secret', 'a'.repeat(64)]) {
      expect(problemsOf({ ...production, JWT_SECRET: secret }).join()).toMatch(
        /JWT_SECRET: is too weak for production/,
      );
    }
    expect(problemsOf({ ...production, JWT_SECRET: 'q8Fz1u7Kd0P3s9Lw2Xn5Rt6Yb4Vc8Hm1Jg3Ne7Ta' })).toEqual([]);
  });

  it('parses the CORS allowlist and refuses an origin that is not a URL', () => {
    expect(
      parseApiEnv({ ...base, CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).CORS_ORIGINS,
    ).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(problemsOf({ ...base, CORS_ORIGINS: 'not a url' }).join()).toMatch(/CORS_ORIGINS/);
  });
});
