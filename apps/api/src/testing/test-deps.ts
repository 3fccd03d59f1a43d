import { randomUUID } from 'node:crypto';
import { connectDatabase, type Database } from '@fixstream/db';
import { mongoUriFor } from '@fixstream/dev-services';
import { createPublisher } from '@fixstream/events';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { inject } from 'vitest';
import { appRouter } from '../app.router.ts';
import { createPasswordHasher } from '../auth/password.ts';
import { createTokenService } from '../auth/token.ts';
import type { ApiDeps } from '../deps.ts';
import { createContextInner } from '../trpc/context.ts';
import { createCallerFactory } from '../trpc/init.ts';

const createCaller = createCallerFactory(appRouter);

export interface TestApi {
  deps: ApiDeps;
  db: Database;
  redis: Redis;
  prefix: string;
  /** A caller as an anonymous client, or as whoever the token belongs to. */
  caller(token?: string): ReturnType<typeof createCaller>;
  close(): Promise<void>;
}

/** Real dependencies on the suite's services, isolated by a fresh database name and Redis key prefix. */
export async function createTestApi(options: { redis?: Redis } = {}): Promise<TestApi> {
  const services = inject('services');
  const db = await connectDatabase(mongoUriFor(services.mongoUri, `api-${randomUUID()}`));
  const redis = options.redis ?? new Redis(services.redisUrl);
  const prefix = `test:${randomUUID()}:`;
  const deps: ApiDeps = {
    db,
    publisher: createPublisher({ redis, prefix }),
    tokens: createTokenService({ secret: 'test-secret-that-is-long-enough', ttl: '1h' }),
    passwords: createPasswordHasher(4),
    logger: pino({ level: 'silent' }),
    production: false,
  };
  return {
    deps,
    db,
    redis,
    prefix,
    caller: (token) =>
      createCaller(createContextInner({ deps, authorization: token ? `Bearer ${token}` : null })),
    async close() {
      await db.connection.dropDatabase().catch(() => undefined);
      await db.close();
      redis.disconnect();
    },
  };
}
