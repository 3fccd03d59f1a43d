import { type WebhookDeliveryOutcome, webhookDisableId } from '@fixstream/db';
import { parseDestinationAllowlist } from '@fixstream/webhooks';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompanyFixture, createCompanyFixture } from '../testing/company-fixture.ts';
import { createTestApi, type TestApi } from '../testing/test-deps.ts';
import { trpcFailure } from '../testing/trpc-failure.ts';

let api: TestApi;
let acme: CompanyFixture;

/** Names the tests resolve without DNS: one public, one inside the network, one allowlisted by name. */
const names: Record<string, string> = {
  'hooks.public.test': '93.184.215.14',
  'intranet.corp.test': '10.20.30.40',
};

beforeAll(async () => {
  api = await createTestApi({
    webhookPolicy: {
      allowlist: parseDestinationAllowlist('192.0.2.0/24'),
      resolve: async (host) => {
        const address = names[host];
        if (!address) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
        return [{ address, family: 4 }];
      },
    },
  });
  acme = await createCompanyFixture(api, 'Acme');
});
afterAll(() => api.close());

const created = 'maintenance/request.created' as const;
const admin = () => api.caller(acme.admin.token);

function create(url = 'https://hooks.public.test/fixstream') {
  return admin().webhooks.create({ url, description: 'Ticketing bridge', events: [created] });
}

describe('webhooks router', () => {
  it('shows the secret once, on create: lists and updates never carry it', async () => {
    const endpoint = await create();
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(endpoint).toMatchObject({ active: true, enabled: true, disabled: null, consecutiveFailures: 0 });
    const listed = await admin().webhooks.list();
    const again = listed.items.find((item) => item.id === endpoint.id);
    expect(again).toBeDefined();
    expect(again).not.toHaveProperty('secret');
    expect(JSON.stringify(listed)).not.toContain(endpoint.secret);
    const updated = await admin().webhooks.update({ id: endpoint.id, description: 'Renamed' });
    expect(updated).not.toHaveProperty('secret');
    expect(updated.description).toBe('Renamed');
  });

  it('rotates the secret: a new one, shown once, is what deliveries sign with from now on', async () => {
    const endpoint = await create();
    const rotated = await admin().webhooks.rotateSecret({ id: endpoint.id });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(endpoint.secret);
    const stored = await api.db.models.WebhookEndpoint.findById(endpoint.id).select('+secret').lean();
    expect(stored?.secret).toBe(rotated.secret);
  });

  it('deletes an endpoint with its log; it is then not found', async () => {
    const endpoint = await create();
    await api.db.models.WebhookDelivery.create(attemptRow(endpoint.id, 'delivered'));
    expect(await admin().webhooks.delete({ id: endpoint.id })).toEqual({ id: endpoint.id, deleted: true });
    expect((await trpcFailure(admin().webhooks.delete({ id: endpoint.id }))).code).toBe('NOT_FOUND');
    expect((await trpcFailure(admin().webhooks.deliveries({ id: endpoint.id }))).code).toBe('NOT_FOUND');
    expect(await api.db.models.WebhookDelivery.countDocuments({ endpoint: endpoint.id })).toBe(0);
  });

  it.each([
    [{ url: 'https://hooks.public.test/x', events: [] }, 'subscribe to at least one event'],
    [{ url: 'https://hooks.public.test/x', events: [created, created] }, 'must not repeat an event'],
    [{ url: 'https://hooks.public.test/x', events: ['auth/password-reset.requested'] }, 'events'],
    [{ url: '', events: [created] }, 'must not be empty'],
  ])('refuses bad input %j as BAD_REQUEST', async (input, words) => {
    const error = await trpcFailure(admin().webhooks.create(input as never));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(words);
  });

  it.each([
    ['loopback', 'http://127.0.0.1:8080/tok3n'],
    ['loopback, other form', 'http://2130706433/tok3n'],
    ['10/8', 'http://10.0.0.1/tok3n'],
    ['172.16/12', 'http://172.16.5.4/tok3n'],
    ['192.168/16', 'http://192.168.1.10/tok3n'],
    ['link-local (cloud metadata)', 'http://169.254.169.254/latest/meta-data'],
    ['carrier-grade NAT', 'http://100.64.0.1/tok3n'],
    ['unspecified', 'http://0.0.0.0/tok3n'],
    ['IPv6 loopback', 'http://[::1]/tok3n'],
    ['IPv6 link-local', 'http://[fe80::1]/tok3n'],
    ['IPv6 unique-local', 'http://[fd00::1]/tok3n'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/tok3n'],
    ['a name resolving to 10/8', 'https://intranet.corp.test/tok3n'],
    ['a URL with credentials', 'https://user:pw@hooks.public.test/tok3n'],
    ['another scheme', 'ftp://hooks.public.test/tok3n'],
  ])('refuses %s as a destination at creation and on update, naming its origin', async (_, url) => {
    const error = await trpcFailure(create(url));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^Refused /);
    expect(error.message).not.toContain('tok3n');
    const endpoint = await create();
    expect((await trpcFailure(admin().webhooks.update({ id: endpoint.id, url }))).code).toBe('BAD_REQUEST');
  });

  it('accepts an allowlisted range, and a name that does not resolve yet (the worker checks each attempt)', async () => {
    expect((await create('http://192.0.2.7/hook')).active).toBe(true);
    expect((await create('https://not-yet.example.test/hook')).active).toBe(true);
  });

  it('pages the deliveries log newest first by cursor', async () => {
    const endpoint = await create();
    const rows = Array.from({ length: 5 }, (_, i) =>
      attemptRow(endpoint.id, i === 4 ? 'delivered' : 'retryable', i + 1),
    );
    for (const row of rows) await api.db.models.WebhookDelivery.create(row);
    const first = await admin().webhooks.deliveries({ id: endpoint.id, limit: 3 });
    expect(first.items.map((item) => item.attempt)).toEqual([5, 4, 3]);
    expect(first.nextCursor).not.toBeNull();
    const second = await admin().webhooks.deliveries({
      id: endpoint.id,
      limit: 3,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items.map((item) => item.attempt)).toEqual([2, 1]);
    expect(second.nextCursor).toBeNull();
    expect((await trpcFailure(admin().webhooks.deliveries({ id: endpoint.id, cursor: 'nope' }))).code).toBe(
      'BAD_REQUEST',
    );
  });

  it('shows failures and the disabling by failures, and enabling again starts afresh', async () => {
    const endpoint = await create();
    for (let i = 1; i <= 3; i++)
      await api.db.models.WebhookDelivery.create(attemptRow(endpoint.id, 'retryable', i));
    const stored = await api.db.models.WebhookEndpoint.findById(endpoint.id).lean();
    await api.db.models.WebhookEndpointDisable.create({
      _id: webhookDisableId(endpoint.id, stored?.enabledAt as Date),
      company: acme.companyId,
      endpoint: endpoint.id,
      reason: '3 failed attempts in a row; the last: HTTP 503',
      lastError: 'HTTP 503',
      failures: 3,
      runKey: 'x.deliver-webhook',
      at: new Date(),
    });
    const disabled = (await admin().webhooks.list()).items.find((item) => item.id === endpoint.id);
    expect(disabled).toMatchObject({ active: false, enabled: true, consecutiveFailures: 3 });
    expect(disabled?.disabled).toMatchObject({ by: 'failures', reason: expect.stringContaining('HTTP 503') });
    const enabled = await admin().webhooks.update({ id: endpoint.id, enabled: true });
    expect(enabled).toMatchObject({ active: true, disabled: null, consecutiveFailures: 0 });
    const off = await admin().webhooks.update({ id: endpoint.id, enabled: false });
    expect(off).toMatchObject({ active: false, enabled: false });
    expect(off.disabled).toMatchObject({ by: 'admin', reason: `disabled by ${acme.admin.name}` });
  });
});

function attemptRow(endpointId: string, outcome: WebhookDeliveryOutcome, attempt = 1) {
  return {
    _id: uuidv7(),
    company: acme.companyId,
    endpoint: endpointId,
    messageId: `m_${endpointId}`,
    eventId: 'e1',
    eventName: created,
    attempt,
    outcome,
    status: outcome === 'delivered' ? 200 : 503,
    durationMs: 12,
    error: outcome === 'delivered' ? null : 'HTTP 503',
    at: new Date(),
  };
}
