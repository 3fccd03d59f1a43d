import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The file in `pnpm dev`'s state directory that keeps its JWT secret across runs. */
export const DEV_SECRET_FILE_NAME = 'dev-jwt-secret';

const MIN_LENGTH = 32;

async function readSecret(path: string): Promise<string | null> {
  const content = await readFile(path, 'utf8').catch(() => null);
  const secret = content?.trim();
  return secret && secret.length >= MIN_LENGTH ? secret : null;
}

/**
 * The JWT secret of `pnpm dev` when none is configured: 32 random bytes (base64url), created on the first run
 * and kept in the state directory, owner-readable only, so tokens survive a restart and no secret published in
 * the repository is ever used. A file too short to be one of ours is replaced.
 */
export async function ensureDevJwtSecret(stateDir: string): Promise<{ secret: string; created: boolean }> {
  const path = join(stateDir, DEV_SECRET_FILE_NAME);
  const existing = await readSecret(path);
  if (existing) return { secret: existing, created: false };
  await mkdir(stateDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(path, `${secret}\n`, { mode: 0o600 });
  return { secret, created: true };
}
