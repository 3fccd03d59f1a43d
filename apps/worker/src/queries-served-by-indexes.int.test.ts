import { randomUUID } from 'node:crypto';
import {
  connectDatabase,
  type Database,
  sweepPasswordResets,
  sweepRevisionClaims,
  sweepWebhooks,
} from '@fixstream/db';
import { captureQueries, mongoUriFor, unservedQueries } from '@fixstream/dev-services';
import { createMailer, type Mailer } from '@fixstream/emails';
import {
  cronTick,
  defaultRetryPolicy,
  type EventEnvelope,
  type FunctionDefinition,
  passwordResetRequested,
  requestAssigned,
  requestCreated,
  requestRescheduled,
  requestStatusChanged,
  webhookDeliveryDue,
} from '@fixstream/events';
import { createOutbox, createStepStore } from '@fixstream/run-storage';
import { createCompany, createRequest, type FixturePerson } from '@fixstream/test-support';
import { EMPTY_ALLOWLIST, generateWebhookSecret } from '@fixstream/webhooks';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseWorkerEnv } from './env.ts';
import { createFunctions } from './functions/functions.ts';
import { jobSettings, minimalWorkerEnv } from './functions/maintenance-jobs.test-util.ts';
import { reportSettingsFromEnv } from './functions/reports/report-settings.ts';
import { runOnce } from './functions/run-once.test-util.ts';

// The runtime's own reads (ledger, relay, outbox, run retention) are checked where `pnpm ops` is: apps/ops.
let setup: Database;
let watched: Database;
let mailer: Mailer;

beforeAll(async () => {
  const services = inject('services');
  const uri = mongoUriFor(services.mongoUri, `worker-queries-${randomUUID()}`);
  [setup, watched] = await Promise.all([
    connectDatabase(uri),
    connectDatabase(uri, { monitorCommands: true }),
  ]);
  mailer = createMailer({
    host: services.smtp.host,
    port: services.smtp.port,
    from: 'fixstream <noreply@acme.test>',
  });
});
afterAll(async () => {
  await mailer.close();
  await setup.connection.dropDatabase();
  await Promise.all([setup.close(), watched.close()]);
});

async function runAll(functions: FunctionDefinition[], event: EventEnvelope): Promise<void> {
  for (const fn of functions.filter((f) => f.event.name === event.name)) {
    await runOnce(fn, event as never, createStepStore(watched.storage));
  }
}

/** Every function the worker runs, on each of its events, then the domain's retention sweeps. */
async function exerciseTheWorker(): Promise<void> {
  const functions = createFunctions({
    db: watched,
    mailer,
    appUrl: 'https://app.acme.test/',
    messageIdDomain: 'acme.test',
    passwordResetTtlMinutes: 30,
    reports: {
      ...reportSettingsFromEnv(parseWorkerEnv(minimalWorkerEnv)),
      catchUpMs: 3_650 * 24 * 3_600_000,
    },
    outbox: createOutbox(watched.storage),
    jobs: jobSettings(),
    webhooks: {
      outbox: createOutbox(watched.storage),
      policy: { allowlist: EMPTY_ALLOWLIST },
      timeoutMs: 2_000,
      // the first refused attempt disables the endpoint: its claim, the admins' query and the mail run too
      disableAfterFailures: 1,
      concurrencyPerEndpoint: 1,
      retries: defaultRetryPolicy,
    },
  });
  const company = await createCompany(setup, { technicians: [{ name: 'Tara' }, { name: 'Theo' }] });
  const [tara, theo] = company.technicians as [FixturePerson, FixturePerson];
  const request = await createRequest(setup, company, { subject: 'Leaking valve' });
  const parties = { requestId: request.id, companyId: company.companyId };
  const resetRequestId = new Types.ObjectId();
  const reset = passwordResetRequested.create({ resetRequestId: resetRequestId.toString() });
  await setup.models.PasswordResetRequest.create({ _id: resetRequestId, email: tara.email, outbox: [reset] });
  const events: EventEnvelope[] = [
    requestCreated.create({
      ...parties,
      type: 'corrective',
      assignedTechnicianId: tara.id,
      requestedById: company.employee.id,
    }),
    requestStatusChanged.create({
      ...parties,
      from: 'new',
      to: 'in_progress',
      changedById: company.manager.id,
    }),
    requestAssigned.create({
      ...parties,
      technicianId: theo.id,
      previousTechnicianId: tara.id,
      assignedById: company.manager.id,
    }),
    reset,
  ];
  await setup.models.WebhookEndpoint.create({
    company: company.companyId,
    url: 'http://10.0.0.1/hooks',
    events: ['maintenance/request.created', 'maintenance/request.status-changed'],
    secret: generateWebhookSecret(),
    enabledAt: new Date(),
  });
  for (const event of events) await runAll(functions, event);
  const planner = functions.find((fn) => fn.id === 'plan-company-reports');
  if (!planner) throw new Error('the worker has no report planner');
  await setup.models.Company.collection.updateOne(
    { _id: new Types.ObjectId(company.companyId) },
    { $set: { createdAt: new Date(0) } },
  );
  await runOnce(planner, cronTick(planner.id, new Date()) as never);
  const [report] = await setup.models.CompanyReport.find({ company: company.companyId }).lean();
  if (!report) throw new Error('the planner owed no report');
  for (const event of report.outbox) await runAll(functions, event as unknown as EventEnvelope);
  await exerciseTheJobs(functions);
  const messages = await setup.models.WebhookMessage.find({}).lean();
  expect(messages).toHaveLength(2);
  for (const message of messages) {
    // refused (a private address), then disabled: both dead-letter the run
    const due = webhookDeliveryDue.envelope.parse(message.outbox[0]);
    await expect(runAll(functions, due)).rejects.toThrow();
  }

  const later = new Date(Date.now() + 30 * 24 * 60 * 60_000);
  await sweepPasswordResets(watched, { batchSize: 100, now: later });
  await sweepRevisionClaims(watched, { windowMs: 60_000, batchSize: 100, now: later });
  await sweepWebhooks(watched, {
    attemptsWindowMs: 60_000,
    messagesWindowMs: 60_000,
    batchSize: 100,
    now: later,
  });
}

/** The preventive job, a reminder (due at once) and its rescheduling, and the escalation of a late request. */
async function exerciseTheJobs(functions: FunctionDefinition[]): Promise<void> {
  const day = 86_400_000;
  const company = await createCompany(setup, { equipment: [{ preventiveIntervalDays: 30 }] });
  const soon = new Date(Date.now() + day);
  await setup.models.Equipment.updateOne(
    { _id: company.equipment[0]?.id },
    { $set: { nextPreventiveAt: soon } },
  );
  const technicianId = company.technicians[0]?.id ?? '';
  const planned = await createRequest(setup, company, { type: 'preventive', scheduledDate: soon });
  const late = await createRequest(setup, company, { scheduledDate: new Date(Date.now() - 2 * day) });
  const parties = { requestId: planned.id, companyId: company.companyId };
  const events: EventEnvelope[] = [
    cronTick('create-preventive-requests', new Date()),
    requestCreated.create({
      ...parties,
      type: 'preventive',
      assignedTechnicianId: technicianId,
      requestedById: company.employee.id,
    }),
    requestRescheduled.create({
      ...parties,
      type: 'preventive',
      from: null,
      to: soon.toISOString(),
      changedById: company.manager.id,
    }),
    cronTick('escalate-overdue-requests', new Date()),
  ];
  for (const event of events) await runAll(functions, event);
  expect(await setup.models.JobClaim.countDocuments({ requestId: late.id })).toBe(1);
}

describe('every query the worker functions and the domain retention send', { timeout: 60_000 }, () => {
  it('is served by an index', async () => {
    const capture = captureQueries(watched.connection.getClient());
    await exerciseTheWorker();
    capture.stop();
    const queries = capture.queries();
    const collections = new Set(queries.map((q) => q.collection));
    for (const name of [
      'maintenance_requests',
      'users',
      'password_reset_requests',
      'request_revisions',
      'company_reports',
      'equipment',
      'job_claims',
      'webhook_endpoints',
      'webhook_endpoint_disables',
      'webhook_messages',
      'webhook_deliveries',
    ])
      expect(collections, name).toContain(name);
    const companies = {
      collection: 'companies',
      reason:
        'one document per tenant: the report planner and the escalation job read every company, once a tick',
    };
    expect(await unservedQueries(watched.storage.db, queries, [companies])).toEqual([]);
  });
});
