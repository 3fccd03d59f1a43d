import { createClient, type FixstreamClient } from '@fixstream/client';
import { connectDatabase, type Database } from '@fixstream/db';
import { MailSinkClient } from '@fixstream/dev-services';
import { waitFor } from '@fixstream/test-support';
import { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Stack, startStack } from './stack.ts';
import { WebhookReceiver } from './webhook-receiver.ts';

let stack: Stack;
let db: Database;
let redis: Redis;
let admin: FixstreamClient;
let employee: FixstreamClient;

const disableAfter = 4;

beforeAll(async () => {
  stack = await startStack({
    env: {
      // the receivers listen on loopback: allowlisted for these tests only
      WEBHOOK_ALLOWED_DESTINATIONS: '127.0.0.1',
      WEBHOOK_RETRIES: '5',
      WEBHOOK_RETRY_DELAY_MS: '200',
      WEBHOOK_RETRY_MAX_DELAY_MS: '1000',
      WEBHOOK_DISABLE_AFTER_FAILURES: String(disableAfter),
      WEBHOOK_TIMEOUT_MS: '5000',
    },
  });
  db = await connectDatabase(stack.env.MONGODB_URI ?? '');
  redis = new Redis(inject('services').redisUrl);
  admin = await signedIn('admin@acme.example');
  employee = await signedIn('employee@acme.example');
}, 120_000);
afterAll(async () => {
  redis?.disconnect();
  await db?.close();
  await stack?.stop();
});

async function signedIn(email: string): Promise<FixstreamClient> {
  const user = stack.seed.users.find((u) => u.email === email);
  if (!user) throw new Error(`seed has no ${email}`);
  let token: string | null = null;
  const client = createClient({ url: stack.apiUrl, token: () => token });
  token = (await client.auth.login.mutate({ email: user.email, password: user.password })).token;
  return client;
}

async function createRequest(subject: string): Promise<string> {
  const team = stack.seed.teams.find((t) => t.name === 'Mechanical');
  const equipment = stack.seed.equipment.find((e) => e.name === 'Air Compressor AC-75');
  const tara = stack.seed.users.find((u) => u.email === 'tara@acme.example');
  if (!team || !equipment || !tara) throw new Error('seed data is not what this test expects');
  const request = await employee.requests.create.mutate({
    subject,
    type: 'corrective',
    equipment: equipment.id,
    maintenanceTeam: team.id,
    assignedTechnician: tara.id,
  });
  return request.id;
}

async function endpointFor(receiver: WebhookReceiver, events = ['maintenance/request.created'] as const) {
  const url = await receiver.start();
  const endpoint = await admin.webhooks.create.mutate({ url, description: 'e2e', events: [...events] });
  receiver.secret = endpoint.secret;
  return endpoint;
}

/** Waits until `probe` answers a value (a non-empty one, for an array) and returns it. */
async function until<T>(
  probe: () => T | null | undefined | Promise<T | null | undefined>,
  what: string,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  let found: T | null | undefined = null;
  await waitFor(
    async () => {
      found = await probe();
      return found != null && (found as unknown) !== false && !(Array.isArray(found) && found.length === 0);
    },
    what,
    { timeoutMs: options.timeoutMs ?? 30_000 },
  );
  return found as T;
}

function payloadOf(received: { body: string }): { type: string; data: { requestId: string } } {
  return JSON.parse(received.body);
}

describe('webhooks end to end: API, worker and real receivers', () => {
  it('signs deliveries so standardwebhooks verifies them, and a rotated secret signs the next ones', async () => {
    const receiver = new WebhookReceiver();
    const endpoint = await endpointFor(receiver, [
      'maintenance/request.created',
      'maintenance/request.status-changed',
    ] as never);
    try {
      const requestId = await createRequest('Webhook: signed');
      const [first] = await until(
        () => receiver.verifiedFor(endpoint.id).filter((r) => payloadOf(r).data.requestId === requestId),
        'a verified webhook for the new request',
        { timeoutMs: 30_000 },
      );
      expect(first?.verified).toMatchObject({ type: 'maintenance/request.created', data: { requestId } });
      expect(first?.headers['content-type']).toBe('application/json');
      // the worker logs the attempt once the receiver has answered, so the log may trail the receiver
      const [logged] = await until(async () => {
        const page = await admin.webhooks.deliveries.query({ id: endpoint.id });
        return page.items.length > 0 ? page.items : null;
      }, 'the delivery in the deliveries log');
      expect(logged).toMatchObject({
        messageId: first?.id,
        outcome: 'delivered',
        status: 200,
        attempt: 1,
      });

      const old = endpoint.secret;
      const rotated = await admin.webhooks.rotateSecret.mutate({ id: endpoint.id });
      receiver.secret = rotated.secret;
      const tara = await signedIn('tara@acme.example');
      await tara.requests.updateStatus.mutate({ id: requestId, status: 'in_progress' });
      const [moved] = await until(
        () => receiver.verifiedFor(endpoint.id).filter((r) => payloadOf(r).type.endsWith('status-changed')),
        'a verified status-changed webhook',
        { timeoutMs: 30_000 },
      );
      expect(() => new Webhook(old).verify(moved?.body ?? '', moved?.headers ?? {})).toThrow();
    } finally {
      await admin.webhooks.delete.mutate({ id: endpoint.id });
      await receiver.close();
    }
  }, 90_000);

  it('retries a receiver that fails then recovers, with one webhook id, and logs every attempt', async () => {
    const receiver = new WebhookReceiver((n) => (n <= 2 ? 503 : 200));
    const endpoint = await endpointFor(receiver);
    try {
      const requestId = await createRequest('Webhook: flaky receiver');
      await until(
        () => receiver.received.some((r) => r.status === 200),
        'the receiver to answer 200 after two failures',
        { timeoutMs: 30_000 },
      );
      const ours = receiver.received.filter((r) => payloadOf(r).data.requestId === requestId);
      expect(ours.map((r) => r.status)).toEqual([503, 503, 200]);
      expect(new Set(ours.map((r) => r.id)).size).toBe(1);
      expect(ours.every((r) => r.verified !== null)).toBe(true);
      const log = await until(async () => {
        const page = await admin.webhooks.deliveries.query({ id: endpoint.id });
        return page.items.length === 3 ? page.items : null;
      }, 'three attempts in the deliveries log');
      expect(log.map((a) => [a.attempt, a.outcome, a.status])).toEqual([
        [3, 'delivered', 200],
        [2, 'retryable', 503],
        [1, 'retryable', 503],
      ]);
      const [listed] = (await admin.webhooks.list.query()).items.filter((e) => e.id === endpoint.id);
      expect(listed).toMatchObject({ active: true, consecutiveFailures: 0 });
    } finally {
      await admin.webhooks.delete.mutate({ id: endpoint.id });
      await receiver.close();
    }
  }, 90_000);

  it('disables an endpoint that never recovers: dead letter, admins mailed once, nothing more sent', async () => {
    const receiver = new WebhookReceiver(() => 500);
    const endpoint = await endpointFor(receiver);
    try {
      await createRequest('Webhook: broken receiver');
      const listed = await until(
        async () => {
          const [found] = (await admin.webhooks.list.query()).items.filter((e) => e.id === endpoint.id);
          return found && !found.active ? found : null;
        },
        'the endpoint to be disabled',
        { timeoutMs: 30_000 },
      );
      expect(listed.disabled).toMatchObject({ by: 'failures' });
      expect(listed.consecutiveFailures).toBe(disableAfter);
      expect(receiver.received).toHaveLength(disableAfter);

      const sink = new MailSinkClient(inject('services').mailSinkUrl);
      const origin = new URL(
        receiver.received[0]?.headers.host ? `http://${receiver.received[0].headers.host}` : '',
      ).origin;
      const mails = await sink.waitFor(
        (all) => all.filter((m) => m.subject === `Webhook endpoint disabled: ${origin}`),
        { to: 'admin@acme.example', timeoutMs: 30_000 },
      );
      expect(mails).toHaveLength(1);
      expect(mails[0]?.text).toContain(`after ${disableAfter} delivery attempts in a row failed`);

      const messageId = receiver.received[0]?.id ?? '';
      const result = await until(
        () => db.storage.results.findOne({ _id: `${messageId}.deliver-webhook` }),
        'the delivery run to be final',
      );
      expect(result.status).toBe('dead');
      // the dead letter is appended after the final result is recorded
      await until(async () => {
        const dead = await redis.xrange(
          `${stack.env.FIXSTREAM_KEY_PREFIX}dead:{fn:deliver-webhook}`,
          '-',
          '+',
        );
        return dead.some(([, fields]) => fields.join(' ').includes(messageId));
      }, 'the dead letter of the delivery run');

      const laterId = await createRequest('Webhook: after disabling');
      await until(
        async () => {
          const owed = await db.storage.owedRows.countDocuments({});
          const fanOut = await db.storage.results.findOne({
            _id: { $regex: '\\.webhooks-fan-out-request-created$' },
            status: 'succeeded',
          } as never);
          return owed === 0 && fanOut !== null;
        },
        'every event to be settled',
        { timeoutMs: 30_000 },
      );
      expect(receiver.received.filter((r) => payloadOf(r).data.requestId === laterId)).toEqual([]);
      expect(receiver.received).toHaveLength(disableAfter);
      expect(
        await sink.waitFor((all) => all.filter((m) => m.subject === `Webhook endpoint disabled: ${origin}`), {
          to: 'admin@acme.example',
        }),
      ).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  }, 90_000);
});
