import { randomUUID } from 'node:crypto';
import { connectDatabase, type Database } from '@fixstream/db';
import { MailSinkClient, mongoUriFor } from '@fixstream/dev-services';
import { createMailer, type Mailer } from '@fixstream/emails';
import { requestAssigned, requestStatusChanged } from '@fixstream/events';
import {
  createCompany,
  createRequest,
  type FixtureEquipment,
  type FixturePerson,
} from '@fixstream/test-support';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FunctionDeps } from './function-deps.ts';
import { runOnce } from './run-once.test-util.ts';
import { sendAssignmentNotification } from './send-assignment-notification.function.ts';
import { sendStatusUpdate } from './send-status-update.function.ts';

let db: Database;
let mailer: Mailer;
let sink: MailSinkClient;
let deps: FunctionDeps;

beforeAll(async () => {
  const services = inject('services');
  db = await connectDatabase(mongoUriFor(services.mongoUri, `worker-changes-${randomUUID()}`));
  mailer = createMailer({
    host: services.smtp.host,
    port: services.smtp.port,
    from: 'fixstream <noreply@acme.test>',
  });
  sink = new MailSinkClient(services.mailSinkUrl);
  deps = { db, mailer, appUrl: 'https://app.acme.test', messageIdDomain: 'acme.test' };
});
afterAll(async () => {
  await mailer.close();
  await db.connection.dropDatabase();
  await db.close();
});

async function world() {
  const company = await createCompany(db, {
    employee: { name: 'Erin' },
    manager: { name: 'Marco' },
    technicians: [{ name: 'Tara' }, { name: 'Tomas' }],
    teamName: 'Mechanical',
    equipment: [{ name: 'Press', location: 'Hall B', onTeam: false, defaultTechnician: null }],
  });
  const [tara, tomas] = company.technicians as [FixturePerson, FixturePerson];
  const request = await createRequest(db, company, {
    subject: 'Press leaks oil',
    status: 'repaired',
    closedAt: new Date('2026-11-20T10:00:00Z'),
    assignedTechnicianId: tara.id,
  });
  const [equipment] = company.equipment as [FixtureEquipment];
  return { company, requester: company.employee, manager: company.manager, tara, tomas, request, equipment };
}

describe('send-status-update', () => {
  it('mails the requester what changed, who changed it, and when the request was closed', async () => {
    const w = await world();
    const fn = sendStatusUpdate(deps);
    const event = requestStatusChanged.create({
      requestId: w.request.id,
      companyId: w.company.companyId,
      from: 'in_progress',
      to: 'repaired',
      changedById: w.manager.id,
    });
    await runOnce(fn, event);
    const [mail] = await sink.waitFor((mails) => mails, { to: w.requester.email });
    expect(mail?.subject).toBe('[Repaired] Press leaks oil');
    expect(mail?.messageId).toBe(`<${event.id}.send-status-update@acme.test>`);
    for (const part of [mail?.html ?? '', mail?.text ?? '']) {
      for (const expected of [
        'Erin',
        'Marco',
        'In progress',
        'Repaired',
        'Press',
        w.equipment.serialNumber,
        'Tara',
        w.request.id,
      ]) {
        expect(part).toContain(expected);
      }
    }
  });

  it('does not mail people about a change they made themselves', async () => {
    const w = await world();
    const fn = sendStatusUpdate(deps);
    const event = requestStatusChanged.create({
      requestId: w.request.id,
      companyId: w.company.companyId,
      from: 'new',
      to: 'in_progress',
      changedById: w.requester.id,
    });
    await runOnce(fn, event);
    const control = requestStatusChanged.create({ ...event.data, changedById: w.manager.id });
    await runOnce(fn, control);
    const mails = await sink.waitFor((all) => all, { to: w.requester.email });
    expect(mails.map((m) => m.messageId)).toEqual([`<${control.id}.send-status-update@acme.test>`]);
  });
});

describe('send-assignment-notification', () => {
  it('mails the new technician, naming who assigned it and who had it before', async () => {
    const w = await world();
    await db.models.Request.updateOne(
      { _id: w.request.id },
      { assignedTechnician: w.tomas.id, status: 'in_progress' },
    );
    const fn = sendAssignmentNotification(deps);
    const event = requestAssigned.create({
      requestId: w.request.id,
      companyId: w.company.companyId,
      technicianId: w.tomas.id,
      previousTechnicianId: w.tara.id,
      assignedById: w.manager.id,
    });
    await runOnce(fn, event);
    const [mail] = await sink.waitFor((mails) => mails, { to: w.tomas.email });
    expect(mail?.subject).toBe('[Corrective] Assigned to you: Press leaks oil');
    for (const part of [mail?.html ?? '', mail?.text ?? '']) {
      for (const expected of [
        'Tomas',
        'Marco',
        'Tara',
        w.equipment.serialNumber,
        w.request.id,
        'In progress',
      ]) {
        expect(part).toContain(expected);
      }
    }
  });

  it('sends nothing when the request was reassigned again before the mail went out', async () => {
    const w = await world();
    const fn = sendAssignmentNotification(deps);
    const stale = requestAssigned.create({
      requestId: w.request.id,
      companyId: w.company.companyId,
      technicianId: w.tomas.id,
      previousTechnicianId: null,
      assignedById: w.manager.id,
    });
    await runOnce(fn, stale);
    const current = requestAssigned.create({ ...stale.data, technicianId: w.tara.id });
    await runOnce(fn, current);
    await sink.waitFor((mails) => mails, { to: w.tara.email });
    expect(await sink.list({ to: w.tomas.email })).toEqual([]);
  });
});
