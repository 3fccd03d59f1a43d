import { randomBytes } from 'node:crypto';

/** Where the demo users' passwords come from: the published demo ones, or fresh random ones. */
export type SeedPasswords = 'demo' | 'generated';

/** Thrown when the seed must not run as asked; the message tells the operator what to do instead. */
export class SeedRefused extends Error {
  override readonly name = 'SeedRefused';
}

/**
 * The demo passwords are published in the repository, so a production database never gets them: there the seed
 * runs only with `--force`, and then every user gets a generated password, printed once.
 */
export function seedPasswordsFor(nodeEnv: string, force: boolean): SeedPasswords {
  if (nodeEnv !== 'production') return 'demo';
  if (!force) {
    throw new SeedRefused(
      'pnpm seed creates a demo company whose passwords are published, so it does not run with ' +
        'NODE_ENV=production. Run `pnpm seed --force` to create it anyway with generated passwords (printed once).',
    );
  }
  return 'generated';
}

/** 18 random bytes as base64url: 24 characters. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
