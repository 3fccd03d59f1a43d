import { describe, expect, it } from 'vitest';
import { devSessionEnv } from './dev-session-env.ts';
import type { DevStack } from './dev-stack.ts';

const stack: DevStack = {
  appEnv: {
    MONGODB_URI: 'mongodb://127.0.0.1:27027/fixstream',
    REDIS_URL: 'redis://127.0.0.1:6390',
    MAIL_HOST: '127.0.0.1',
    MAIL_PORT: '1025',
  },
  mongo: { uri: 'mongodb://127.0.0.1:27027/fixstream', kind: 'ferretdb' },
  redisUrl: 'redis://127.0.0.1:6390',
  smtp: { host: '127.0.0.1', port: 1025 },
  mailSinkUrl: 'http://localhost:8025',
  demoWebhook: null,
  stop: async () => {},
};

describe('devSessionEnv', () => {
  it('gives the apps the services, the secret and the port, and leaves MAIL_FROM to its one default', () => {
    const { apps } = devSessionEnv({ stack, jwtSecret: 's'.repeat(43), apiPort: 3001 });
    expect(apps).toEqual({ ...stack.appEnv, JWT_SECRET: 's'.repeat(43), API_PORT: '3001' });
    expect(apps).not.toHaveProperty('MAIL_FROM');
  });

  it('writes the same services and secret for other terminals, with the URLs to paste', () => {
    const { file } = devSessionEnv({ stack, jwtSecret: 's'.repeat(43), apiPort: 3001 });
    expect(file).toEqual({
      ...stack.appEnv,
      JWT_SECRET: 's'.repeat(43),
      FIXSTREAM_API_URL: 'http://localhost:3001/trpc',
      FIXSTREAM_MAIL_SINK_URL: 'http://localhost:8025',
    });
    expect(
      devSessionEnv({ stack: { ...stack, mailSinkUrl: null }, jwtSecret: 'x', apiPort: 1 }).file,
    ).not.toHaveProperty('FIXSTREAM_MAIL_SINK_URL');
  });
});
