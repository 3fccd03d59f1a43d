import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { devStateDir, findWorkspaceRoot, readEnvLayers } from './env-layers.ts';

let root: string;
let appDir: string;
const alive = () => true;

function write(path: string, content: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'env-layers-'));
  appDir = join(root, 'apps', 'api');
  mkdirSync(appDir, { recursive: true });
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('readEnvLayers', () => {
  it('takes the real environment first, then .env, then the dev env file', () => {
    write(join(root, '.env'), 'MONGODB_URI=mongodb://dotenv/db\nMAIL_HOST=dotenv-mail\n');
    write(
      join(root, '.fixstream', 'dev.env'),
      "MONGODB_URI='mongodb://dev/db'\nMAIL_HOST=dev-mail\nREDIS_URL=redis://dev:6390\nJWT_SECRET=dev-secret\n",
    );
    const env = readEnvLayers(
      { MONGODB_URI: 'mongodb://real/db', UNSET: undefined },
      { cwd: appDir, isAlive: alive },
    );
    expect(env.MONGODB_URI).toBe('mongodb://real/db');
    expect(env.MAIL_HOST).toBe('dotenv-mail');
    expect(env.REDIS_URL).toBe('redis://dev:6390');
    expect(env.JWT_SECRET).toBe('dev-secret');
    expect('UNSET' in env).toBe(false);
  });

  it('lets an empty variable of the environment clear .env, and the dev file fill what both leave empty', () => {
    write(join(root, '.env'), 'MAIL_USER=bob\nJWT_SECRET=\n');
    write(join(root, '.fixstream', 'dev.env'), 'JWT_SECRET=dev-secret\nREDIS_URL=redis://dev\n');
    const env = readEnvLayers({ MAIL_USER: '', REDIS_URL: '' }, { cwd: appDir, isAlive: alive });
    expect(env.MAIL_USER).toBeUndefined();
    // `.env.example` leaves JWT_SECRET empty: a second terminal gets the running pnpm dev's secret.
    expect(env.JWT_SECRET).toBe('dev-secret');
    expect(env.REDIS_URL).toBe('redis://dev');
  });

  it('reads the dev env file only in development', () => {
    write(join(root, '.fixstream', 'dev.env'), 'REDIS_URL=redis://dev:6390\n');
    const read = (env: Record<string, string>) =>
      readEnvLayers(env, { cwd: appDir, isAlive: alive }).REDIS_URL;
    expect(read({})).toBe('redis://dev:6390');
    expect(read({ NODE_ENV: 'development' })).toBe('redis://dev:6390');
    expect(read({ NODE_ENV: 'production' })).toBeUndefined();
    expect(read({ NODE_ENV: 'test' })).toBeUndefined();
    write(join(root, '.env'), 'NODE_ENV=production\n');
    expect(read({})).toBeUndefined();
  });

  it('ignores, and says so, a dev env file whose pnpm dev is gone', () => {
    write(join(root, '.fixstream', 'dev.env'), 'FIXSTREAM_DEV_PID=4242\nREDIS_URL=redis://dev:6390\n');
    const warnings: string[] = [];
    const read = (isAlive: (pid: number) => boolean) =>
      readEnvLayers({}, { cwd: appDir, isAlive, warn: (message) => warnings.push(message) }).REDIS_URL;
    expect(read((pid) => pid === 4242)).toBe('redis://dev:6390');
    expect(warnings).toEqual([]);
    expect(read(() => false)).toBeUndefined();
    expect(warnings).toEqual([
      `Ignoring ${join(root, '.fixstream', 'dev.env')}: the pnpm dev that wrote it (pid 4242) is not running any more.`,
    ]);
  });

  it('finds the dev env file in FIXSTREAM_DEV_DIR, and skips it when asked to', () => {
    write(join(root, 'elsewhere', 'dev.env'), 'REDIS_URL=redis://elsewhere:6390\n');
    expect(readEnvLayers({ FIXSTREAM_DEV_DIR: 'elsewhere' }, { cwd: appDir, isAlive: alive }).REDIS_URL).toBe(
      'redis://elsewhere:6390',
    );
    expect(
      readEnvLayers({ FIXSTREAM_DEV_DIR: 'elsewhere' }, { cwd: appDir, isAlive: alive, devFile: false })
        .REDIS_URL,
    ).toBeUndefined();
  });
});

describe('paths', () => {
  it('finds the workspace root above a package and resolves the dev state directory from it', () => {
    expect(findWorkspaceRoot(appDir)).toBe(root);
    expect(devStateDir(root, {})).toBe(join(root, '.fixstream'));
    expect(devStateDir(root, { FIXSTREAM_DEV_DIR: '/tmp/dev-x' })).toBe('/tmp/dev-x');
  });
});
