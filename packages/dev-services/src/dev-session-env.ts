import type { DevStack } from './dev-stack.ts';

/** The variables of one `pnpm dev` session, for its own apps and for other terminals. */
export type DevSessionEnv = {
  /** Overrides for the seed, the API and the worker that `pnpm dev` starts. */
  apps: Record<string, string>;
  /**
   * The env file's content: the services and the secret the apps run with, so `pnpm seed`, `pnpm ops` and
   * `pnpm start:worker` in another terminal reach the same ones, plus `FIXSTREAM_API_URL` and
   * `FIXSTREAM_MAIL_SINK_URL` for curl. No `API_PORT`: a second API must listen elsewhere anyway.
   */
  file: Record<string, string>;
};

/**
 * The worker's job schedules under `pnpm dev`: every minute instead of hourly and every 15 minutes, so the demo's
 * preventive request, escalation and last week's report reach the mail sink a minute after start.
 */
export const devJobSchedules = {
  PREVENTIVE_CRON: '* * * * *',
  ESCALATION_CRON: '* * * * *',
  REPORT_PLAN_CRON: '* * * * *',
} as const;

/**
 * What `pnpm dev` decides for its apps. `MAIL_FROM` is left to the worker's default (or the user's setting), so
 * there is one default From address.
 */
export function devSessionEnv(opts: { stack: DevStack; jwtSecret: string; apiPort: number }): DevSessionEnv {
  const services = { ...opts.stack.appEnv, JWT_SECRET: opts.jwtSecret };
  return {
    apps: { ...services, API_PORT: String(opts.apiPort) },
    file: {
      ...services,
      FIXSTREAM_API_URL: `http://localhost:${opts.apiPort}/trpc`,
      ...(opts.stack.mailSinkUrl ? { FIXSTREAM_MAIL_SINK_URL: opts.stack.mailSinkUrl } : {}),
    },
  };
}
