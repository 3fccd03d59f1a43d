import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEV_SECRET_FILE_NAME, ensureDevJwtSecret } from './dev-secret.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dev-secret-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ensureDevJwtSecret', () => {
  it('creates 32 random bytes once, for its owner only, and returns the same secret on every later run', async () => {
    const stateDir = join(dir, 'state');
    const first = await ensureDevJwtSecret(stateDir);
    expect(first.created).toBe(true);
    expect(first.secret).toMatch(/^[\w-]{43}$/);
    const path = join(stateDir, DEV_SECRET_FILE_NAME);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await ensureDevJwtSecret(stateDir)).toEqual({ secret: first.secret, created: false });
    expect(readFileSync(path, 'utf8').trim()).toBe(first.secret);
  });

  it('replaces a file too short to be a secret', async () => {
    writeFileSync(join(dir, DEV_SECRET_FILE_NAME), 'short\n');
    const { secret, created } = await ensureDevJwtSecret(dir);
    expect(created).toBe(true);
    expect(secret).not.toBe('short');
  });
});
