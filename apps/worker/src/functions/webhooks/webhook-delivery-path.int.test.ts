import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectDatabase, type Database, webhookMessageId } from '@fixstream/db';
import { mongoUriFor } from '@fixstream/dev-services';
import { createMailer, type Mailer } from '@fixstream/emails';
import {
  defaultRetryPolicy,
  PermanentError,
  requestCreated,
  type WebhookEventName,
  webhookDeliveryDue,
} from '@fixstream/events';
import { createOutbox } from '@fixstream/run-storage';
import { createCompany } from '@fixstream/test-support';
import { EMPTY_ALLOWLIST, generateWebhookSecret } from '@fixstream/webhooks';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FunctionDeps } from '../function-deps.ts';
import { runOnce } from '../run-once.test-util.ts';
import { deliverWebhookFunction } from './deliver-webhook.function.ts';
import type { WebhookDeps } from './webhook-deps.ts';
import { deliveryEventId, webhookFanOuts } from './webhook-fan-out.function.ts';

let db: Database;
let mailer: Mailer;
let deps: FunctionDeps;
let webhooks: WebhookDeps;
let listener: Server;
let connections = 0;
let loopbackUrl: string;

beforeAll(async () => {
  const services = inject('services');
  db = await connectDatabase(mongoUriFor(services.mongoUri, `worker-webhooks-${randomUUID()}`));
  mailer = createMailer({
    host: services.smtp.host,
    port: services.smtp.port,
    from: 'fixstream <noreply@acme.test>',
  });
  deps = { db, mailer, appUrl: null, messageIdDomain: 'acme.test' };
  webhooks = {
    outbox: createOutbox(db.storage),
    policy: {
      allowlist: EMPTY_ALLOWLIST,
      resolve: async (host) => {
        if (host === 'intranet.corp.test') return [{ address: '10.1.2.3', family: 4 }];
        throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      },
    },
    timeoutMs: 2_000,
    disableAfterFailures: 100,
    concurrencyPerEndpoint: 1,
    retries: defaultRetryPolicy,
  };
  listener = createServer((_, response) => response.writeHead(200).end());
  listener.on('connection', () => connections++);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  loopbackUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/tok3n`;
});
afterAll(async () => {
  await new Promise((resolve) => listener.close(resolve));
  await mailer.close();
  await db.connection.dropDatabase();
  await db.close();
});

async function endpoint(
  companyId: string,
  fields: { url?: string; events?: WebhookEventName[]; enabled?: boolean } = {},
) {
  const created = await db.models.WebhookEndpoint.create({
    company: companyId,
    url: fields.url ?? 'https://93.184.215.14/hooks',
    events: fields.events ?? ['maintenance/request.created'],
    secret: generateWebhookSecret(),
    enabled: fields.enabled ?? true,
    enabledAt: new Date(),
  });
  return created.id as string;
}

function createdEvent(companyId: string) {
  const id = new Types.ObjectId().toString();
  return requestCreated.create({
    requestId: id,
    companyId,
    type: 'corrective',
    assignedTechnicianId: id,
    requestedById: id,
  });
}

describe('the webhook fan-out', () => {
  it('writes one message per subscribed, enabled endpoint of the company, once however often it runs', async () => {
    const acme = await createCompany(db);
    const other = await createCompany(db);
    const subscribed = await endpoint(acme.companyId);
    await endpoint(acme.companyId, { events: ['maintenance/request.status-changed'] });
    await endpoint(acme.companyId, { enabled: false });
    await endpoint(other.companyId);
    const event = createdEvent(acme.companyId);
    const [fanOut] = webhookFanOuts(deps, webhooks);
    if (!fanOut) throw new Error('no fan-out');
    await runOnce(fanOut, event as never);
    await runOnce(fanOut, event as never);

    const messages = await db.models.WebhookMessage.find({ company: acme.companyId }).lean();
    expect(messages.map((m) => m._id)).toEqual([webhookMessageId(event.id, subscribed)]);
    const due = webhookDeliveryDue.envelope.parse(messages[0]?.outbox[0]);
    expect(due.id).toBe(deliveryEventId(event.id, subscribed));
    expect(due.data).toMatchObject({ endpointId: subscribed, source: { id: event.id, name: event.name } });
    expect(await db.storage.owedRows.countDocuments({ eventId: due.id })).toBe(1);
  });
});

describe('the delivery path refuses private destinations (SSRF), after resolving, with nothing sent', () => {
  it.each([
    ['loopback, with a live listener', () => loopbackUrl],
    ['10/8', () => 'http://10.0.0.1/tok3n'],
    ['172.16/12', () => 'http://172.31.255.1/tok3n'],
    ['192.168/16', () => 'http://192.168.0.1/tok3n'],
    ['link-local (cloud metadata)', () => 'http://169.254.169.254/tok3n'],
    ['carrier-grade NAT', () => 'http://100.64.1.1/tok3n'],
    ['IPv6 loopback', () => 'http://[::1]/tok3n'],
    ['IPv6 link-local', () => 'http://[fe80::1]/tok3n'],
    ['IPv6 unique-local', () => 'http://[fc00::1]/tok3n'],
    ['a name resolving to 10/8', () => 'http://intranet.corp.test/tok3n'],
  ])('%s', async (_, url) => {
    const acme = await createCompany(db);
    const endpointId = await endpoint(acme.companyId, { url: url() });
    const source = createdEvent(acme.companyId);
    const due = webhookDeliveryDue.create(
      { endpointId, companyId: acme.companyId, source: { ...source, data: source.data } },
      { id: deliveryEventId(source.id, endpointId) },
    );
    const error = await runOnce(deliverWebhookFunction(deps, webhooks), due).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toContain('Refused');
    expect((error as Error).message).not.toContain('tok3n');
    const [attempt] = await db.models.WebhookDelivery.find({ endpoint: endpointId }).lean();
    expect(attempt).toMatchObject({ outcome: 'refused', status: null, messageId: due.id, attempt: 1 });
    expect(connections).toBe(0);
  });
});
