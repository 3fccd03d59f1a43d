import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { devEnvFileOwner, removeDevEnvFile, serializeEnvFile, writeDevEnvFile } from './dev-env-file.ts';

const values = {
  MONGODB_URI: 'mongodb://user:p@ss#1@127.0.0.1:27027/fixstream?authSource=admin&tls=false',
  MAIL_FROM: "O'Brien <ops@example.com>",
  JWT_SECRET: 'Zm9v-YmFy_YmF6 with spaces',
  EMPTY: '',
};

/** What `source` in bash makes of the file: each variable's value, printed by the shell itself. */
function sourcedByBash(path: string, names: string[]): Record<string, string> {
  const script = `set -e; source "$1"; shift; for name in "$@"; do printf '%s\\0' "\${!name}"; done`;
  const output = execFileSync('bash', ['-c', script, 'bash', path, ...names], { encoding: 'utf8' });
  const read = output.split('\0').slice(0, names.length);
  return Object.fromEntries(names.map((name, index) => [name, read[index] ?? '']));
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dev-env-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('serializeEnvFile', () => {
  it('is read back alike by a POSIX shell and by the apps (Node)', () => {
    const path = join(dir, 'dev.env');
    writeFileSync(path, serializeEnvFile(values, ['a comment']));
    expect(parseEnv(readFileSync(path, 'utf8'))).toEqual(values);
    expect(sourcedByBash(path, Object.keys(values))).toEqual(values);
  });

  it('refuses what it cannot write safely', () => {
    expect(() => serializeEnvFile({ X: `it's $HOME` })).toThrow(/X holds both quote kinds/);
    expect(() => serializeEnvFile({ X: 'a\nb' })).toThrow(/X holds/);
    expect(() => serializeEnvFile({ 'NOT-A-NAME': 'x' })).toThrow(/not an environment variable name/);
  });
});

describe('the dev env file', () => {
  it('is written with this pid, for its owner only, and removed only by its writer', () => {
    const path = join(dir, 'dev.env');
    writeDevEnvFile(path, { REDIS_URL: 'redis://127.0.0.1:6390' }, ['written by a test']);
    expect(devEnvFileOwner(path)).toBe(process.pid);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(parseEnv(readFileSync(path, 'utf8')).REDIS_URL).toBe('redis://127.0.0.1:6390');

    writeFileSync(path, serializeEnvFile({ FIXSTREAM_DEV_PID: '1', REDIS_URL: 'redis://other' }));
    removeDevEnvFile(path);
    expect(devEnvFileOwner(path)).toBe(1);
    writeDevEnvFile(path, {}, []);
    removeDevEnvFile(path);
    expect(devEnvFileOwner(path)).toBeNull();
  });
});
