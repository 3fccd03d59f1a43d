import type { Database, PasswordHasher } from '@fixstream/db';
import type { EventPublisher, EventTraceContext, RedisConnection } from '@fixstream/events';
import type { Outbox } from '@fixstream/run-storage';
import type { DestinationPolicy } from '@fixstream/webhooks';
import type { Logger } from 'pino';
import type { LoginGuard } from './auth/login-guard.ts';
import type { PasswordResetGuard } from './auth/password-reset-guard.ts';
import type { TokenService } from './auth/token.ts';
import type { CallLimits } from './rate-limits/call-limits.ts';
import type { RequestStatsCache } from './requests/stats/request-stats-cache.ts';
import type { KeyedLock } from './shared/keyed-lock.ts';

/**
 * Everything procedures need, built once by main.ts (or by a test) and handed to the context; a traced call gets a
 * copy with its own `trace` and `logger` (`callDeps`).
 */
export interface ApiDeps {
  db: Database;
  publisher: EventPublisher;
  /** The Redis the events go through, and its key prefix: the `ops` procedures read streams and take the replay lease. */
  streams: { redis: RedisConnection; prefix: string };
  /** Writes a request change with the events it causes, and publishes them (see `Outbox.write`). */
  outbox: Outbox;
  /**
   * Changes of one request take turns in this process. One per deps rather than per module, so that two sets of
   * deps in one test process behave like two API processes; across processes, revision claims decide.
   */
  requestQueue: KeyedLock;
  tokens: TokenService;
  passwords: PasswordHasher;
  loginGuard: LoginGuard;
  /** `requests.stats` counts per company, invalidated by every create and stage change. */
  statsCache: RequestStatsCache;
  /** Per-user limits on lists, stats and creates, shared across API processes in Redis. */
  callLimits: CallLimits;
  /** Rate limits of `auth.requestPasswordReset`, per email and per address. */
  passwordResetGuard: PasswordResetGuard;
  /** Where webhook endpoints may point: `webhooks.create` and `update` refuse a URL the SSRF guard refuses. */
  webhookPolicy: DestinationPolicy;
  /** In a traced call, a child logger whose lines carry the call span's `traceId` and `spanId` (see `callDeps`). */
  logger: Logger;
  /**
   * The trace context of the call being served (its procedure span's), which the events it writes carry: empty
   * outside a call and with tracing off. The API keeps no span active across awaits, so it is handed on here
   * (`callDeps`) rather than found; a service passes it to `create` of every event it makes.
   */
  trace: EventTraceContext;
  /** Internal errors reach clients with their message and stack trace (`API_ERROR_DETAILS`); never by default. */
  exposeErrorDetails: boolean;
}
