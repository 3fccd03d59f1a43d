import type { Database } from '@fixstream/db';
import { createMailer } from '@fixstream/emails';
import { createOutbox } from '@fixstream/run-storage';
import type { MaintenanceJobDeps, MaintenanceJobSettings } from './maintenance-jobs.ts';

/** The jobs' settings as a test wants them: the defaults of env.ts unless given. */
export function jobSettings(overrides: Partial<MaintenanceJobSettings> = {}): MaintenanceJobSettings {
  return {
    preventiveCron: '0 * * * *',
    preventiveLeadDays: 7,
    reminderDaysBefore: 2,
    escalationCron: '*/15 * * * *',
    escalationLevelsHours: [24, 72],
    escalationDefaultHours: [168, 72, 24, 8],
    timeZone: 'UTC',
    ...overrides,
  };
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
