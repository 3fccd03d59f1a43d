import { randomUUID } from 'node:crypto';
import { connectDatabase, type Database } from '@fixstream/db';
import { MailSinkClient, mongoUriFor } from '@fixstream/dev-services';
import { isRunSleeping, requestCreated, requestRescheduled } from '@fixstream/events';
import { createStepStore } from '@fixstream/run-storage';
import { createCompany, createRequest } from '@fixstream/test-support';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { jobDeps } from './maintenance-jobs.test-util.ts';
import type { MaintenanceJobDeps } from './maintenance-jobs.ts';
import { remindTechnician, remindTechnicianRescheduled } from './remind-technician.function.ts';
import { runOnce } from './run-once.test-util.ts';

const day = 86_400_000;
let db: Database;
let deps: MaintenanceJobDeps;
let sink: MailSinkClient;

beforeAll(async () => {
  const services = inject('services');
  db = await connectDatabase(mongoUriFor(services.mongoUri, `worker-reminder-${randomUUID()}`));
  deps = jobDeps(db, services.smtp, { reminderDaysBefore: 2 });
  sink = new MailSinkClient(services.mailSinkUrl);
});
afterAll(async () => {
  await deps.mailer.close();
  await db.connection.dropDatabase();
  await db.close();
});

async function scenario(options: { type: 'preventive' | 'corrective'; inDays: number }) {
  const company = await createCompany(db, { technicians: [{ name: 'Tara Torque' }] });
  const scheduledDate = new Date(Date.now() + options.inDays * day);
  const request = await createRequest(db, company, {
    type: options.type,
    scheduledDate,
    subject: 'Oil the press',
  });
  const parties = { requestId: request.id, companyId: company.companyId, type: options.type };
  const created = requestCreated.create({
    ...parties,
    assignedTechnicianId: company.technicians[0]?.id ?? '',
    requestedById: company.employee.id,
  });
  const rescheduled = (to: Date | null) =>
    requestRescheduled.create({
      ...parties,
      from: scheduledDate.toISOString(),
      to: to?.toISOString() ?? null,
      changedById: company.manager.id,
    });
  const technician = company.technicians[0]?.email ?? '';
  return { request, scheduledDate, created, rescheduled, technician };
}

const steps = () => createStepStore(db.storage);

describe('the technician reminder', { timeout: 30_000 }, () => {
  it('mails at once when the reminder time has passed, and once per date whichever run gets there', async () => {
    const { created, rescheduled, scheduledDate, technician, request } = await scenario({
      type: 'preventive',
      inDays: 1,
    });
    await runOnce(remindTechnician(deps), created, steps());
    await runOnce(remindTechnicianRescheduled(deps), rescheduled(scheduledDate), steps());
    const mails = await sink.list({ to: technician });
    expect(mails.map((m) => m.subject)).toEqual(['[Preventive] Is due tomorrow: Oil the press']);
    expect(mails[0]?.text).toContain(request.id);
  });

  it('sleeps until the reminder time, and sends nothing when it is taken off, or for a corrective request', async () => {
    const later = await scenario({ type: 'preventive', inDays: 10 });
    const sleeping = await runOnce(remindTechnician(deps), later.created, steps()).catch((e: unknown) => e);
    expect(isRunSleeping(sleeping)).toBe(true);

    const dropped = await scenario({ type: 'preventive', inDays: 1 });
    await db.models.Request.updateOne({ _id: dropped.request.id }, { $set: { scheduledDate: null } });
    await runOnce(remindTechnicianRescheduled(deps), dropped.rescheduled(null), steps());
    await runOnce(remindTechnician(deps), dropped.created, steps());

    const corrective = await scenario({ type: 'corrective', inDays: 1 });
    await runOnce(remindTechnician(deps), corrective.created, steps());

    for (const { technician } of [later, dropped, corrective]) {
      expect(await sink.list({ to: technician }), technician).toEqual([]);
    }
  });
});
