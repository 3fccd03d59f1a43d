import { randomUUID } from 'node:crypto';
import { connectDatabase, type Database } from '@fixstream/db';
import { MailSinkClient, mongoUriFor } from '@fixstream/dev-services';
import { createMailer, type Mailer } from '@fixstream/emails';
import { type EventOf, requestCreated } from '@fixstream/events';
import { createCompany, createRequest, type FixturePerson } from '@fixstream/test-support';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runOnce } from './run-once.test-util.ts';
import { sendRequestNotification } from './send-request-notification.function.ts';

let db: Database;
let mailer: Mailer;
let sink: MailSinkClient;
let fn: ReturnType<typeof sendRequestNotification>;

beforeAll(async () => {
  const services = inject('services');
  db = await connectDatabase(mongoUriFor(services.mongoUri, `worker-${randomUUID()}`));
  mailer = createMailer({
    host: services.smtp.host,
    port: services.smtp.port,
    from: 'fixstream <noreply@acme.test>',
  });
  sink = new MailSinkClient(services.mailSinkUrl);
  fn = sendRequestNotification({
    db,
    mailer,
    appUrl: 'https://app.acme.test/',
    messageIdDomain: 'acme.test',
  });
});
afterAll(async () => {
  await mailer.close();
  await db.connection.dropDatabase();
  await db.close();
});

async function scenario() {
  const company = await createCompany(db, {
    employee: { name: 'Erin' },
    technicians: [{ name: 'Tara <b>Torque</b>' }],
    teamName: 'Mechanical',
    equipment: [{ name: 'Press', location: 'Hall B', onTeam: false, defaultTechnician: null }],
  });
  const [tech] = company.technicians as [FixturePerson];
  const request = await createRequest(db, company, { subject: 'Leaking <script>alert(1)</script>' });
  const event = requestCreated.create({
    requestId: request.id,
    companyId: company.companyId,
    type: 'corrective',
    assignedTechnicianId: tech.id,
    requestedById: company.employee.id,
  });
  return { tech, request, event };
}

function run(event: EventOf<typeof requestCreated>, sent: string[] = []) {
  return runOnce(fn, event, null, sent);
}

describe('send-request-notification', () => {
  it('mails the technician with a deterministic Message-ID, recorded with the run, a link and escaped user text', async () => {
    const { tech, request, event } = await scenario();
    const sent: string[] = [];
    await run(event, sent);
    const [mail] = await sink.waitFor((mails) => mails, { to: tech.email });
    expect(mail?.messageId).toBe(`<${event.id}.send-request-notification@acme.test>`);
    expect(sent).toEqual([mail?.messageId]);
    expect(mail?.subject).toBe('[Corrective] New maintenance request: Leaking <script>alert(1)</script>');
    expect(mail?.html).not.toContain('<script>');
    expect(mail?.html).toContain('&lt;script&gt;');
    expect(mail?.html).toContain(`https://app.acme.test/requests/${request.id}`);
    expect(mail?.text).toContain('Tara <b>Torque</b>');
  });

  it('sends nothing when the request was reassigned, the technician deactivated or the request deleted', async () => {
    const reassigned = await scenario();
    await db.models.Request.updateOne({ _id: reassigned.request.id }, { assignedTechnician: null });
    await run(reassigned.event);

    const deactivated = await scenario();
    await db.models.User.updateOne({ _id: deactivated.tech.id }, { active: false });
    await run(deactivated.event);

    const deleted = await scenario();
    await db.models.Request.deleteOne({ _id: deleted.request.id });
    const sent: string[] = [];
    await run(deleted.event, sent);
    expect(sent).toEqual([]);

    const control = await scenario();
    await run(control.event);
    await sink.waitFor((mails) => mails, { to: control.tech.email });
    for (const { tech } of [reassigned, deactivated, deleted]) {
      expect(await sink.list({ to: tech.email })).toEqual([]);
    }
  });
});
