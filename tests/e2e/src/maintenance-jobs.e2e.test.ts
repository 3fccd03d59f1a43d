import { createClient } from '@fixstream/client';
import { connectDatabase, type Database } from '@fixstream/db';
import { MailSinkClient, type StoredMail } from '@fixstream/dev-services';
import { waitFor } from '@fixstream/test-support';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Stack, startStack } from './stack.ts';

// Short settings, so each job's whole story fits in a test: both jobs run every second, the reminder goes out
// 8.64 s before the scheduled date, and the escalation levels are 7.2 s and 36 s past the deadline.
const reminderLeadMs = 0.0001 * 86_400_000;
const levelsMs = [0.002 * 3_600_000, 0.01 * 3_600_000] as const;
const jobsEnv = {
  PREVENTIVE_CRON: '* * * * * *',
  ESCALATION_CRON: '* * * * * *',
  REMINDER_DAYS_BEFORE: '0.0001',
  ESCALATION_LEVELS_HOURS: '0.002,0.01',
};

let stack: Stack;
let db: Database;
let sink: MailSinkClient;

beforeAll(async () => {
  stack = await startStack({ env: jobsEnv });
  db = await connectDatabase(stack.env.MONGODB_URI ?? '');
  sink = new MailSinkClient(inject('services').mailSinkUrl);
}, 120_000);
afterAll(async () => {
  await db?.close();
  await stack?.stop();
});

function seeded(email: string) {
  const user = stack.seed.users.find((u) => u.email === email);
  if (!user) throw new Error(`seed has no ${email}`);
  return user;
}

async function signedIn(email: string) {
  let token: string | null = null;
  const client = createClient({ url: stack.apiUrl, token: () => token });
  token = (await client.auth.login.mutate({ email, password: seeded(email).password })).token;
  return client;
}

const about = (requestId: string, subject: RegExp) => (mails: StoredMail[]) =>
  mails.filter((m) => m.text?.includes(requestId) && subject.test(m.subject ?? ''));
const reminderSubject = /^\[Preventive\] (Is|Was) due /;
const receivedAt = (mail: StoredMail | undefined) => Date.parse(mail?.receivedAt ?? '');

/** A preventive request on the CNC mill for Tomas, scheduled `inMs` from now. */
async function preventiveRequest(subject: string, inMs: number) {
  const employee = await signedIn('employee@acme.example');
  const mill = stack.seed.equipment.find((e) => e.name === 'CNC Mill 3000');
  const team = stack.seed.teams.find((t) => t.name === 'Mechanical');
  if (!mill || !team) throw new Error('seed data is not what this test expects');
  const scheduledDate = new Date(Date.now() + inMs);
  const request = await employee.requests.create.mutate({
    subject,
    type: 'preventive',
    equipment: mill.id,
    maintenanceTeam: team.id,
    assignedTechnician: seeded('tomas@acme.example').id,
    scheduledDate: scheduledDate.toISOString(),
  });
  return { request, scheduledDate };
}

/** The run key of the reminder started by a request's creation. */
async function reminderRunKey(requestId: string): Promise<string> {
  const request = await db.models.Request.findById(requestId).lean();
  const created = request?.outbox.find((event) => event.name === 'maintenance/request.created');
  if (!created) throw new Error(`request ${requestId} has no created event in its outbox`);
  return `${created.id}.remind-technician`;
}

const runStatus = async (runKey: string) =>
  (await db.storage.results.findOne({ _id: runKey }))?.status ??
  (await db.storage.runs.findOne({ _id: runKey }))?.status ??
  null;

describe('the preventive job, end to end', { timeout: 120_000 }, () => {
  it('creates the due equipment’s request ahead of its due date, once, and its technician is mailed', async () => {
    const tower = stack.seed.equipment.find((e) => e.name === 'Cooling Tower CT-5');
    if (!tower) throw new Error('seed has no equipment due soon');
    const tara = seeded('tara@acme.example');
    // The mail sink is shared with every other stack of the suite, and each stack's seed has this tower due, so
    // the mail is matched by this stack's request id: another stack's hourly tick mails Tara the same subject.
    await waitFor(
      async () => (await db.models.Request.countDocuments({ equipment: tower.id })) > 0,
      'the preventive request of the tower',
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    const requests = await db.models.Request.find({ equipment: tower.id }).lean();
    expect(requests).toHaveLength(1);
    const [request] = requests;
    const requestId = request?._id.toString() ?? '';
    const [mail, ...more] = await sink.waitFor(
      about(
        requestId,
        /^\[Preventive\] New maintenance request: Preventive maintenance: Cooling Tower CT-5$/,
      ),
      { to: tara.email, timeoutMs: 60_000 },
    );
    expect(more).toEqual([]);
    expect(mail?.text).toContain(requestId);
    expect(request).toMatchObject({ type: 'preventive', status: 'new' });
    expect(request?.assignedTechnician?.toString()).toBe(tara.id);
    // created ahead: scheduled for the due date, a day away
    expect(request?.scheduledDate?.getTime()).toBeGreaterThan(Date.now() + 86_400_000 - 3_600_000);

    // further ticks find nothing due: still one request
    const after = new Date();
    await waitFor(
      async () =>
        (await db.storage.results.countDocuments({
          functionId: 'create-preventive-requests',
          status: 'succeeded',
          finishedAt: { $gt: new Date(after.getTime() + 2_000) },
        })) > 0,
      'a preventive tick two seconds later',
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(await db.models.Request.countDocuments({ equipment: tower.id })).toBe(1);
    // and the equipment's next date moved one interval on
    const equipment = await db.models.Equipment.findById(tower.id).lean();
    expect(equipment?.nextPreventiveAt?.getTime()).toBe(
      (request?.scheduledDate?.getTime() ?? 0) + 14 * 86_400_000,
    );
  });
});

describe('the technician reminder, end to end', { timeout: 120_000 }, () => {
  it('mails the technician the reminder at its time, not before', async () => {
    const { request, scheduledDate } = await preventiveRequest('Check spindle bearings', 20_000);
    const [mail, ...more] = await sink.waitFor(about(request.id, reminderSubject), {
      to: 'tomas@acme.example',
      timeoutMs: 60_000,
    });
    expect(more).toEqual([]);
    expect(receivedAt(mail)).toBeGreaterThanOrEqual(scheduledDate.getTime() - reminderLeadMs);
    expect(mail?.subject).toMatch(/Check spindle bearings$/);
    expect(mail?.messageId).toMatch(/\.remind-technician@fixstream\.test>$/);
    for (const part of [mail?.text ?? '', mail?.html ?? '']) expect(part).toContain('CNC Mill 3000');
  });

  it('sends the reminder of the new date only when the request is rescheduled', async () => {
    const { request } = await preventiveRequest('Replace coolant filter', 20_000);
    const oldRun = await reminderRunKey(request.id);
    await waitFor(async () => (await runStatus(oldRun)) === 'sleeping', 'the first reminder to sleep', {
      timeoutMs: 30_000,
    });
    const moved = new Date(Date.now() + 30_000);
    const tomas = await signedIn('tomas@acme.example');
    await tomas.requests.update.mutate({ id: request.id, scheduledDate: moved.toISOString() });

    const [mail] = await sink.waitFor(about(request.id, reminderSubject), {
      to: 'tomas@acme.example',
      timeoutMs: 60_000,
    });
    expect(receivedAt(mail)).toBeGreaterThanOrEqual(moved.getTime() - reminderLeadMs);
    expect(mail?.messageId).toMatch(/\.remind-technician-rescheduled@fixstream\.test>$/);
    // the first reminder woke at its time, found the date moved, and sent nothing
    await waitFor(async () => (await runStatus(oldRun)) === 'succeeded', 'the first reminder to finish', {
      timeoutMs: 30_000,
    });
    expect(about(request.id, reminderSubject)(await sink.list({ to: 'tomas@acme.example' }))).toHaveLength(1);
  });

  it('cancels the sleeping reminder of a request repaired before its time: it never mails', async () => {
    const { request, scheduledDate } = await preventiveRequest('Grease the ways', 25_000);
    const run = await reminderRunKey(request.id);
    await waitFor(async () => (await runStatus(run)) === 'sleeping', 'the reminder to sleep', {
      timeoutMs: 30_000,
    });
    const tomas = await signedIn('tomas@acme.example');
    await tomas.requests.updateStatus.mutate({ id: request.id, status: 'in_progress' });
    await tomas.requests.updateStatus.mutate({ id: request.id, status: 'repaired' });
    await waitFor(async () => (await runStatus(run)) === 'cancelled', 'the reminder to be cancelled', {
      timeoutMs: 30_000,
    });
    // past its wake-up time, and the wake-up consumed (no longer in Redis): it could have mailed by now
    const timers = `${stack.env.FIXSTREAM_KEY_PREFIX}timers:{maintenance/request.created}`;
    const redis = new Redis(stack.env.REDIS_URL ?? '');
    try {
      await waitFor(
        async () =>
          Date.now() > scheduledDate.getTime() - reminderLeadMs + 1_000 &&
          (await redis.zscore(timers, run)) === null,
        'the cancelled reminder’s wake-up to pass',
        { timeoutMs: 60_000, intervalMs: 200 },
      );
    } finally {
      redis.disconnect();
    }
    expect(await runStatus(run)).toBe('cancelled');
    expect(about(request.id, reminderSubject)(await sink.list({ to: 'tomas@acme.example' }))).toEqual([]);
  });
});

describe('the escalation of overdue requests, end to end', { timeout: 180_000 }, () => {
  const overdueSubject = (ordinal: string) => new RegExp(`^\\[Overdue, ${ordinal} reminder\\] .* late: `);

  it('mails the managers at level 1 then level 2, and no more once the request is repaired', async () => {
    const employee = await signedIn('employee@acme.example');
    const manager = await signedIn('manager@acme.example');
    const press = stack.seed.equipment.find((e) => e.name === 'Air Compressor AC-75');
    const team = stack.seed.teams.find((t) => t.name === 'Mechanical');
    if (!press || !team) throw new Error('seed data is not what this test expects');
    const deadline = new Date(Date.now() - 1_000);
    const late = (subject: string) =>
      employee.requests.create.mutate({
        subject,
        type: 'corrective',
        equipment: press.id,
        maintenanceTeam: team.id,
        assignedTechnician: seeded('tara@acme.example').id,
        scheduledDate: deadline.toISOString(),
        duration: 0,
      });
    const [left, repaired] = await Promise.all([late('Pressure switch stuck'), late('Drain valve leaks')]);
    const to = { to: 'manager@acme.example', timeoutMs: 60_000 };

    const [first] = await sink.waitFor(about(left.id, overdueSubject('first')), to);
    expect(receivedAt(first)).toBeGreaterThanOrEqual(deadline.getTime() + levelsMs[0]);
    expect(first?.text).toContain('Pressure switch stuck');
    await sink.waitFor(about(repaired.id, overdueSubject('first')), to);
    await manager.requests.updateStatus.mutate({ id: repaired.id, status: 'in_progress' });
    await manager.requests.updateStatus.mutate({ id: repaired.id, status: 'repaired' });

    const [second] = await sink.waitFor(about(left.id, overdueSubject('second')), {
      ...to,
      timeoutMs: 90_000,
    });
    expect(receivedAt(second)).toBeGreaterThanOrEqual(deadline.getTime() + levelsMs[1]);
    // a tick ran after the repaired request's level 2 came due: it was not escalated again
    const level2 = deadline.getTime() + levelsMs[1] + 1_000;
    await waitFor(
      async () =>
        (await db.storage.results.countDocuments({
          functionId: 'escalate-overdue-requests',
          status: 'succeeded',
          finishedAt: { $gt: new Date(level2) },
        })) > 0,
      'an escalation tick after level 2',
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const mails = await sink.list({ to: 'manager@acme.example' });
    expect(about(left.id, /^\[Overdue/)(mails)).toHaveLength(2);
    expect(about(repaired.id, /^\[Overdue/)(mails)).toHaveLength(1);
  });

  it('escalates the demo’s overdue request', async () => {
    const demo = await db.models.Request.findOne({ subject: 'Forklift brakes squeal when loaded' }).lean();
    if (!demo) throw new Error('seed has no overdue request');
    const [mail] = await sink.waitFor(about(demo._id.toString(), /^\[Overdue, /), {
      to: 'manager@acme.example',
      timeoutMs: 60_000,
    });
    // two days late: past both levels at once, so the one mail says where it stands
    expect(mail?.subject).toMatch(
      /^\[Overdue, second reminder\] 1 day .* late: Forklift brakes squeal when loaded$/,
    );
  });
});
