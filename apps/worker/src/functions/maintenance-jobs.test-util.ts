import type { Database } from '@fixstream/db';
import { createMailer } from '@fixstream/emails';
import { createOutbox } from '@fixstream/run-storage';
import { parseWorkerEnv } from '../env.ts';
import { maintenanceJobSettings } from '../maintenance-jobs.env.ts';
import type { MaintenanceJobDeps, MaintenanceJobSettings } from './maintenance-jobs.ts';

/** The servers a worker's env names; the settings read from it are the defaults. */
export const minimalWorkerEnv = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/fixstream',
  REDIS_URL: 'redis://127.0.0.1:6379',
  MAIL_HOST: '127.0.0.1',
};

/** The jobs' settings as a test wants them: the defaults of env.ts unless given. */
export function jobSettings(overrides: Partial<MaintenanceJobSettings> = {}): MaintenanceJobSettings {
  return { ...maintenanceJobSettings(parseWorkerEnv(minimalWorkerEnv)), ...overrides };
}

/**
 * The jobs' deps of one "worker" on `db`: an outbox without a publisher (its events are left to a relay, which
 * these tests do not run) and a mailer to the suite's SMTP sink.
 */
export function jobDeps(
  db: Database,
  smtp: { host: string; port: number },
  settings: Partial<MaintenanceJobSettings> = {},
): MaintenanceJobDeps {
  return {
    db,
    mailer: createMailer({ host: smtp.host, port: smtp.port, from: 'fixstream <noreply@acme.test>' }),
    appUrl: 'https://app.acme.test/',
    messageIdDomain: 'acme.test',
    outbox: createOutbox(db.storage),
    jobs: jobSettings(settings),
  };
}
