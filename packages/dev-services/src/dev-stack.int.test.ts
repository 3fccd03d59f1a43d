import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevStack } from './dev-stack.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('startDevStack', () => {
  it('says how to let pnpm dev start a database when the configured MONGODB_URI does not answer', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dev-stack-'));
    const started = startDevStack(
      {
        mongoUri: 'mongodb://127.0.0.1:1/fixstream',
        redisUrl: 'redis://127.0.0.1:1',
        mail: { host: '127.0.0.1', port: 1, user: undefined, pass: undefined },
        jwtSecret: undefined,
        apiPort: 3000,
        webPort: 5173,
        keyPrefix: 'fixstream:',
        ferretdbBin: undefined,
      },
      dir,
    );
    await expect(started).rejects.toThrow(
      /ECONNREFUSED[\s\S]*MONGODB_URI is set .* unset it \(comment it out in \.env\)/,
    );
  }, 60_000);
});
