import { randomBytes } from 'node:crypto';
import { EnvError } from '@fixstream/config';
import { describe, expect, it } from 'vitest';
import { parseApiEnv } from './env.ts';

/** 16 characters: enough outside production. */
const shortSecret = randomBytes(8).toString('hex');
const base = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/fixstream',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: shortSecret,
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
    expect(parseApiEnv(base).JWT_SECRET).toBe(shortSecret);
  });

  it('refuses to start in production with a missing, short or repetitive JWT_SECRET', () => {
    const production = { ...base, NODE_ENV: 'production' };
    const { JWT_SECRET: _, ...withoutSecret } = production;
    expect(problemsOf(withoutSecret)).toContain('JWT_SECRET: is required but not set');
    for (const secret of [shortSecret, 'a'.repeat(64)]) {
      expect(problemsOf({ ...production, JWT_SECRET: secret }).join()).toMatch(
        /JWT_SECRET: is too weak for production/,
      );
    }
    expect(problemsOf({ ...production, JWT_SECRET: randomBytes(48).toString('base64') })).toEqual([]);
  });

  it('sends internal error details to clients only when API_ERROR_DETAILS says so', () => {
    expect(parseApiEnv(base).API_ERROR_DETAILS).toBe(false);
    expect(parseApiEnv({ ...base, NODE_ENV: 'development' }).API_ERROR_DETAILS).toBe(false);
    expect(parseApiEnv({ ...base, API_ERROR_DETAILS: 'true' }).API_ERROR_DETAILS).toBe(true);
    expect(problemsOf({ ...base, API_ERROR_DETAILS: 'sure' }).join()).toMatch(/API_ERROR_DETAILS/);
  });

  it('turns the API metrics on by default and off with API_METRICS=false', () => {
    expect(parseApiEnv(base).API_METRICS).toBe(true);
    expect(parseApiEnv({ ...base, API_METRICS: 'false' }).API_METRICS).toBe(false);
    expect(problemsOf({ ...base, API_METRICS: 'off' }).join()).toMatch(/API_METRICS/);
  });

  it('parses the CORS allowlist and refuses an origin that is not a URL', () => {
    expect(
      parseApiEnv({ ...base, CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).CORS_ORIGINS,
    ).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(problemsOf({ ...base, CORS_ORIGINS: 'not a url' }).join()).toMatch(/CORS_ORIGINS/);
  });

  it("takes the SDK's sampler names and a ratio from 0 to 1, and refuses anything else at start", () => {
    const env = parseApiEnv({
      ...base,
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.5',
    });
    expect([env.OTEL_TRACES_SAMPLER, env.OTEL_TRACES_SAMPLER_ARG]).toEqual(['parentbased_traceidratio', 0.5]);
    expect(problemsOf({ ...base, OTEL_TRACES_SAMPLER: 'sometimes' }).join()).toMatch(
      /OTEL_TRACES_SAMPLER: must be one of/,
    );
    for (const arg of ['1.5', '-0.1', 'half'])
      expect(problemsOf({ ...base, OTEL_TRACES_SAMPLER_ARG: arg }).join()).toMatch(
        /OTEL_TRACES_SAMPLER_ARG: must be a number from 0 to 1/,
      );
  });
});
