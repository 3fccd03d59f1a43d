import { describe, expect, it } from 'vitest';
import { renderBanner, shellQuote } from './dev-banner.ts';
import type { DevStack } from './dev-stack.ts';

const stack: DevStack = {
  appEnv: {},
  mongo: { uri: 'mongodb://127.0.0.1:27027/fixstream', kind: 'ferretdb' },
  redisUrl: 'redis://127.0.0.1:6390',
  smtp: { host: '127.0.0.1', port: 1025 },
  mailSinkUrl: 'http://localhost:8025',
  stop: async () => {},
};

describe('renderBanner', () => {
  it('shows the URLs, the demo logins and a curl that survives the shell', () => {
    const banner = renderBanner({
      apiPort: 3000,
      stack,
      dataDir: '.fixstream/dev',
      apiHealthy: true,
      seed: {
        company: { id: 'c1', name: 'Acme' },
        users: [
          { id: 'u2', name: 'Tom', email: 'tech@acme.test', password: 'tech-pass', role: 'technician' },
          { id: 'u1', name: 'Ada', email: 'admin@acme.test', password: "it's-secret", role: 'admin' },
        ],
        teams: [],
        equipment: [],
      },
    });
    expect(banner).toContain('http://localhost:3000/trpc');
    expect(banner).toContain('http://localhost:3000/healthz');
    expect(banner).toContain('http://localhost:8025   (SMTP 127.0.0.1:1025)');
    expect(banner).toMatch(/tech@acme\.test\s+tech-pass\s+technician/);
    expect(banner).toContain(
      `curl -s -X POST http://localhost:3000/trpc/auth.login -H 'content-type: application/json' -d '{"email":"admin@acme.test","password":"it'\\''s-secret"}'`,
    );
  });

  it('quotes for a POSIX shell', () => {
    expect(shellQuote(`a'b "c" $d`)).toBe(`'a'\\''b "c" $d'`);
  });
});
