import { describe, expect, it } from 'vitest';
import { redisCommands, renderBanner, shellQuote, tryItCommands } from './dev-banner.ts';
import type { SeedResult } from './dev-seed.ts';
import type { DevStack } from './dev-stack.ts';

const stack: DevStack = {
  appEnv: {},
  mongo: { uri: 'mongodb://127.0.0.1:27027/fixstream', kind: 'ferretdb' },
  redisUrl: 'redis://127.0.0.1:6390',
  smtp: { host: '127.0.0.1', port: 1025 },
  mailSinkUrl: 'http://localhost:8025',
  demoWebhook: null,
  stop: async () => {},
};

const seed: SeedResult = {
  company: { id: 'c1', name: 'Acme' },
  users: [
    { id: 'u2', name: 'Tom', email: 'tech@acme.test', password: 'tech-pass', role: 'technician' },
    { id: 'u1', name: 'Ada', email: 'admin@acme.test', password: 'admin-pass', role: 'admin' },
    { id: 'u3', name: 'Eve', email: 'eve@acme.test', password: "it's-secret", role: 'employee' },
  ],
  teams: [
    { id: 't1', name: 'Electrical', members: [] },
    { id: 't2', name: 'Mechanical', members: ['u2'] },
  ],
  equipment: [
    { id: 'e1', name: 'Switchboard', serialNumber: 'S-1', location: '', team: 't1', defaultTechnician: 'u2' },
    { id: 'e2', name: 'Mill', serialNumber: 'M-1', location: 'Hall A', team: 't2', defaultTechnician: 'u2' },
  ],
};

const banner = (overrides: Partial<Parameters<typeof renderBanner>[0]> = {}) =>
  renderBanner({
    apiPort: 3000,
    stack,
    seed,
    dataDir: '.fixstream/dev',
    envFile: '.fixstream/dev.env',
    keyPrefix: 'fixstream:',
    apiHealthy: true,
    ...overrides,
  });

describe('renderBanner', () => {
  it('shows the URLs and the demo logins', () => {
    const text = banner();
    expect(text).toContain('http://localhost:3000/trpc');
    expect(text).toContain('http://localhost:3000/healthz');
    expect(text).toContain('http://localhost:8025   (SMTP 127.0.0.1:1025)');
    expect(text).toMatch(/tech@acme\.test\s+tech-pass\s+technician/);
  });

  it('shows the web app first when pnpm dev runs it', () => {
    expect(banner({ webPort: 5173 })).toMatch(/Web app\s+http:\/\/localhost:5173 /);
    expect(banner()).not.toContain('Web app');
  });

  it('prints a login and a requests.create with real ids, as the employee, that survive the shell', () => {
    const text = banner();
    expect(text).toContain(
      `TOKEN=$(curl -sS -X POST "$API/auth.login" -H 'content-type: application/json' -d '{"email":"eve@acme.test","password":"it'\\''s-secret"}' | node -pe`,
    );
    // The equipment whose default technician is on its team, with that team and technician.
    expect(text).toContain(
      `-d '{"subject":"Mill makes a grinding noise","type":"corrective","priority":2,"equipment":"e2","maintenanceTeam":"t2","assignedTechnician":"u2"}'`,
    );
    expect(text).toContain(
      'The mail to Tom <tech@acme.test> shows up on http://localhost:8025 within a second.',
    );
  });

  it('points other terminals at the env file, and redis-cli at the dev Redis', () => {
    const text = banner({ keyPrefix: 'mine:' });
    expect(text).toContain(
      'pnpm seed and pnpm ops (and pnpm start:*, after pnpm build) use .fixstream/dev.env while this runs',
    );
    expect(text).toContain('source .fixstream/dev.env');
    expect(text).toContain(
      `redis-cli -u redis://127.0.0.1:6390 XINFO GROUPS 'mine:events:{maintenance/request.created}'`,
    );
  });

  it('says so when the seed has nothing to try a request on', () => {
    expect(tryItCommands('http://localhost:3000/trpc', { ...seed, equipment: [] })).toBeNull();
    expect(banner({ seed: { ...seed, equipment: [] } })).toContain('created no equipment');
  });
});

describe('shell quoting', () => {
  it('quotes for a POSIX shell', () => {
    expect(shellQuote(`a'b "c" $d`)).toBe(`'a'\\''b "c" $d'`);
  });

  it('quotes a Redis URL only when the shell would change it', () => {
    expect(redisCommands('redis://:p&ss@127.0.0.1:6390', 'fixstream:')[0]).toMatch(
      /^redis-cli -u 'redis:\/\/:p&ss@127\.0\.0\.1:6390' XINFO/,
    );
  });
});
