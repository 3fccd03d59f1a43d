import { randomUUID } from 'node:crypto';
import { connectDatabase, type Database } from '@fixstream/db';
import { MailSinkClient, mongoUriFor } from '@fixstream/dev-services';
import { cronTick } from '@fixstream/events';
import { createStepStore } from '@fixstream/run-storage';
import { createCompany, createRequest } from '@fixstream/test-support';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { escalateOverdueRequests, escalationClaimId } from './escalate-overdue-requests.function.ts';
import { jobDeps } from './maintenance-jobs.test-util.ts';
import type { MaintenanceJobDeps } from './maintenance-jobs.ts';
import { runOnce } from './run-once.test-util.ts';

const hour = 3_600_000;
// Two connections to one database: two workers.
let workers: MaintenanceJobDeps[];
let dbs: Database[];
let sink: MailSinkClient;

beforeAll(async () => {
  const services = inject('services');
  const uri = mongoUriFor(services.mongoUri, `worker-escalation-${randomUUID()}`);
  dbs = await Promise.all([connectDatabase(uri), connectDatabase(uri)]);
  workers = dbs.map((db) => jobDeps(db, services.smtp));
  sink = new MailSinkClient(services.mailSinkUrl);
});
afterAll(async () => {
  await Promise.all(workers.map((deps) => deps.mailer.close()));
  await dbs[0]?.connection.dropDatabase();
  await Promise.all(dbs.map((db) => db.close()));
});

/** One tick of the escalation job in worker `i`, scheduled at `at`, run to its end; its Message-IDs go to `sent`. */
function tick(i: number, at: Date, sent: string[] = []) {
  const deps = workers[i];
  if (!deps) throw new Error(`no worker ${i}`);
  return runOnce(
    escalateOverdueRequests(deps),
    cronTick('escalate-overdue-requests', at),
    createStepStore(deps.db.storage),
    sent,
  );
}

describe('the escalation job', { timeout: 60_000 }, () => {
  it('mails each level once, the highest reached only, never about a closed request, however many workers run', async () => {
    const [db] = dbs as [Database];
    const company = await createCompany(db, { manager: { name: 'Mona Manager' } });
    const late = await createRequest(db, company, {
      subject: 'Late by a day and more',
      scheduledDate: new Date(Date.now() - 30 * hour),
      duration: 0,
    });
    const veryLate = await createRequest(db, company, {
      subject: 'Late by four days',
      scheduledDate: new Date(Date.now() - 100 * hour),
      duration: 2,
    });
    const closed = await createRequest(db, company, {
      subject: 'Repaired although late',
      status: 'repaired',
      scheduledDate: new Date(Date.now() - 100 * hour),
    });

    const now = Date.now();
    await Promise.all([tick(0, new Date(now)), tick(1, new Date(now + 1_000))]);
    await Promise.all([tick(1, new Date(now + 2_000)), tick(0, new Date(now + 3_000))]);

    const mails = await sink.list({ to: company.manager.email });
    const subjects = mails.map((m) => m.subject).sort();
    expect(subjects).toEqual([
      expect.stringMatching(/^\[Overdue, first reminder\] 1 day 6 hours late: Late by a day and more$/),
      expect.stringMatching(/^\[Overdue, second reminder\] 4 days 2 hours late: Late by four days$/),
    ]);
    expect(mails.find((m) => m.subject?.endsWith('more'))?.text).toContain('Mona Manager');
    // the level passed over is spent: it never fires after the second
    const { JobClaim } = db.models;
    expect(await JobClaim.exists({ _id: escalationClaimId(veryLate.id, 1) })).not.toBeNull();
    expect(await JobClaim.countDocuments({ requestId: late.id })).toBe(1);
    expect(await JobClaim.countDocuments({ requestId: closed.id })).toBe(0);
  });

  it('records the Message-ID of each mail, and a retry that finds the mails sent records them again, sending none', async () => {
    const [db] = dbs as [Database];
    const company = await createCompany(db, { manager: { name: 'Milo Manager' } });
    await createRequest(db, company, {
      subject: 'Late and retried',
      scheduledDate: new Date(Date.now() - 30 * hour),
      duration: 0,
    });
    const at = new Date(Date.now() + 10_000);
    const first: string[] = [];
    await tick(0, at, first);
    const mails = await sink.list({ to: company.manager.email });
    expect(mails).toHaveLength(1);
    expect(first).toEqual([mails[0]?.messageId]);

    // The same run again, as its retry after a failure elsewhere: its mail step is recorded, so nothing is sent.
    const retried: string[] = [];
    await tick(1, at, retried);
    expect(retried).toEqual(first);
    expect(await sink.list({ to: company.manager.email })).toHaveLength(1);
  });
});
