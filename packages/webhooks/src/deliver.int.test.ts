import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { EMPTY_ALLOWLIST, parseDestinationAllowlist } from './allowlist.ts';
import { type DeliverWebhookInput, deliverWebhook } from './deliver.ts';
import type { DestinationPolicy, ResolveHost } from './destination-guard.ts';
import { closedPort, type Receiver, startReceiver } from './receiver.test-util.ts';
import { generateWebhookSecret } from './secret.ts';

const secret = generateWebhookSecret();
const payload = JSON.stringify({ type: 'maintenance/request.created', data: { subject: 'Pompe à chaleur' } });
/** Only 127.0.0.1 may be reached: the second receiver, on 127.0.0.2, stands for the private network. */
const policy: DestinationPolicy = { allowlist: parseDestinationAllowlist('127.0.0.1') };

let receiver: Receiver;
let outsider: Receiver;
let sequence = 0;

function attempt(overrides: Partial<DeliverWebhookInput> = {}): ReturnType<typeof deliverWebhook> {
  return deliverWebhook({
    url: `${receiver.origin}/hooks`,
    id: `msg_${++sequence}`,
    payload,
    secret,
    policy,
    timeoutMs: 10_000,
    ...overrides,
  });
}

/** What the standardwebhooks library says about a received request: its parsed payload, or why it refused. */
function verified(index: number): unknown {
  const request = receiver.requests[index];
  if (!request) throw new Error(`No request #${index}`);
  try {
    return new Webhook(secret).verify(request.body, request.headers);
  } catch (error) {
    return error;
  }
}

beforeAll(async () => {
  receiver = await startReceiver('127.0.0.1');
  // The same port on another loopback address, so that only the address tells the two apart.
  outsider = await startReceiver('127.0.0.2', receiver.port);
  outsider.handle = (_request, response) => response.end('the private network answered');
});

beforeEach(() => {
  receiver.handle = (_request, response) => response.end();
  (receiver.requests as unknown[]).length = 0;
});

afterAll(async () => {
  await Promise.all([receiver?.close(), outsider?.close()]);
});

describe('deliverWebhook to a real receiver', () => {
  it('delivers a signed POST that the standardwebhooks library verifies', async () => {
    receiver.handle = (_request, response) => response.writeHead(200).end('{"received":true}');
    const result = await attempt({ id: 'msg_delivered' });

    expect(result).toMatchObject({ ok: true, outcome: 'delivered', status: 200 });
    expect(result.responseBodySnippet).toBe('{"received":true}');
    expect(result.error).toBeUndefined();
    expect(result.durationMs).toBeGreaterThan(0);
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/hooks', body: payload });
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': `fixstream-webhooks/${packageJson.version}`,
      'webhook-id': 'msg_delivered',
      'content-length': String(Buffer.byteLength(payload)),
    });
    expect(verified(0)).toEqual(JSON.parse(payload));
  });

  it.each([
    [500, 'retryable'],
    [503, 'retryable'],
    [429, 'retryable'],
    [410, 'gone'],
    [400, 'rejected'],
    [404, 'rejected'],
    [304, 'rejected'],
  ] as const)('reports an answer %i as %s, with the body snippet', async (status, outcome) => {
    receiver.handle = (_request, response) =>
      response.writeHead(status).end(status === 304 ? undefined : 'nope');
    const result = await attempt();
    expect(result).toMatchObject({ ok: false, outcome, status, error: `The receiver answered ${status}` });
    if (status !== 304) expect(result.responseBodySnippet).toBe('nope');
    expect(verified(0)).toEqual(JSON.parse(payload));
  });

  it('gives up on a receiver that never answers once the timeout has passed, as retryable', async () => {
    receiver.handle = () => {};
    const timeoutMs = 300;
    const result = await attempt({ timeoutMs });
    expect(result).toMatchObject({ ok: false, outcome: 'retryable', status: null });
    expect(result.error).toBe(`Timed out after ${timeoutMs} ms`);
    expect(result.durationMs).toBeGreaterThanOrEqual(timeoutMs - 5);
    // The margin is for a loaded machine; a delivery that ignored its timeout would hang the test instead.
    expect(result.durationMs).toBeLessThan(timeoutMs + 5_000);
  });

  it('stops when the caller cancels, as retryable', async () => {
    const controller = new AbortController();
    receiver.handle = () => controller.abort(new Error('worker is stopping'));
    const result = await attempt({ signal: controller.signal });
    expect(result).toMatchObject({ ok: false, outcome: 'retryable', status: null });
    expect(result.error).toBe('Cancelled: worker is stopping');
  });

  it('reports a refused connection as retryable', async () => {
    const port = await closedPort('127.0.0.1');
    const result = await attempt({ url: `http://127.0.0.1:${port}/hooks` });
    expect(result).toMatchObject({ ok: false, outcome: 'retryable', status: null });
    expect(result.error).toMatch(/^Connection failed: .*ECONNREFUSED/);
  });

  it('keeps only the first 4 kB of a large response body', async () => {
    receiver.handle = (_request, response) => response.writeHead(500).end('x'.repeat(1_000_000));
    const result = await attempt();
    expect(result).toMatchObject({ outcome: 'retryable', status: 500 });
    expect(result.responseBodySnippet).toBe('x'.repeat(4096));
  });

  it('follows a redirect to an allowed destination, re-sending the same signed POST', async () => {
    receiver.handle = (request, response) => {
      if (request.url === '/hooks') response.writeHead(302, { location: '/moved?v=2' }).end();
      else response.writeHead(202).end();
    };
    const result = await attempt();
    expect(result).toMatchObject({ ok: true, outcome: 'delivered', status: 202 });
    expect(receiver.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'POST /hooks',
      'POST /moved?v=2',
    ]);
    expect(verified(0)).toEqual(JSON.parse(payload));
    expect(verified(1)).toEqual(JSON.parse(payload));
    expect(receiver.requests[1]?.headers['webhook-signature']).toBe(
      receiver.requests[0]?.headers['webhook-signature'],
    );
  });

  it('follows at most 3 redirects', async () => {
    receiver.handle = (request, response) => response.writeHead(307, { location: `${request.url}x` }).end();
    const result = await attempt();
    expect(result).toMatchObject({ ok: false, outcome: 'rejected', status: 307 });
    expect(result.error).toBe('Gave up after 3 redirects (the next one was 307)');
    expect(receiver.requests.map(({ url }) => url)).toEqual(['/hooks', '/hooksx', '/hooksxx', '/hooksxxx']);
  });

  it.each([
    ['127.0.0.2', (port: number) => `http://127.0.0.2:${port}/`, '127.0.0.2 is loopback'],
    ['an IPv6 loopback', (port: number) => `http://[::1]:${port}/`, '::1 is loopback'],
    [
      'an IPv4-mapped loopback',
      (port: number) => `http://[::ffff:127.0.0.2]:${port}/`,
      'is loopback (IPv4-mapped',
    ],
    ['a hex IPv4 loopback', (port: number) => `http://0x7f000002:${port}/`, '127.0.0.2 is loopback'],
  ])(
    'refuses a redirect to %s that is not allowlisted, connecting nowhere',
    async (_case, target, message) => {
      receiver.handle = (_request, response) =>
        response.writeHead(307, { location: target(outsider.port) }).end();
      const result = await attempt();
      expect(result).toMatchObject({ ok: false, outcome: 'refused', status: null });
      expect(result.error).toContain(message);
      expect(receiver.requests).toHaveLength(1);
      expect(outsider.connections).toBe(0);
    },
  );

  it('refuses a host name that resolves to a loopback address before any connection', async () => {
    const before = receiver.connections;
    const result = await attempt({
      url: `http://localhost:${receiver.port}/hooks`,
      policy: { allowlist: EMPTY_ALLOWLIST },
    });
    expect(result).toMatchObject({ ok: false, outcome: 'refused', status: null });
    expect(result.error).toMatch(/is loopback \(localhost resolves to it\)/);
    expect(receiver.connections).toBe(before);
  });

  it('refuses a host name of which one address is private, although another is allowed, connecting nowhere', async () => {
    const resolve: ResolveHost = async () => [
      { address: '127.0.0.1', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    const before = receiver.connections;
    const result = await attempt({
      url: `http://mixed.example:${receiver.port}/hooks`,
      policy: { ...policy, resolve },
    });
    expect(result).toMatchObject({ ok: false, outcome: 'refused', status: null });
    expect(result.error).toContain('10.0.0.7 is private (RFC 1918) (mixed.example resolves to it)');
    expect(receiver.connections).toBe(before);
  });

  it('connects to the address it checked even if the name resolves elsewhere later (DNS rebinding)', async () => {
    let lookups = 0;
    const rebinding: ResolveHost = async () => {
      lookups++;
      return [{ address: lookups === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    };
    const result = await attempt({
      url: `http://rebind.example:${receiver.port}/hooks`,
      policy: { ...policy, resolve: rebinding },
    });
    expect(result).toMatchObject({ ok: true, outcome: 'delivered' });
    expect(lookups).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.headers.host).toBe(`rebind.example:${receiver.port}`);
    expect(outsider.connections).toBe(0);
  });
});
