/**
 * JWT secrets that appear, or once appeared, in this repository: in `.env.example`, the docs, the dev tooling, the
 * tests and the bench. Anyone who has read the repository knows them and could sign a token for any user, admins
 * included, so the API refuses each of them whatever NODE_ENV says. `published-secrets.test.ts` scans the repository
 * and fails when a secret written there is missing from this list.
 */
export const publishedSecrets: readonly string[] = [
  'change-me-to-a-long-random-secret',
  'fixstream-dev-only-secret-change-me-0123456789',
  'a-development-secret',
  'q8Fz1u7Kd0P3s9Lw2Xn5Rt6Yb4Vc8Hm1Jg3Ne7Ta',
  'test-secret-that-is-long-enough',
  'some-other-secret-of-enough-length',
  'fault-tests-secret-0123456789',
  'bench-secret-0123456789abcdefghijklmnop',
  'Zm9v-YmFy_YmF6 with spaces',
  // the Standard Webhooks example secret, a test vector of packages/webhooks
  'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
];

/** Compared trimmed: a copied secret with a stray space or newline is still the published one. */
export function isPublishedSecret(secret: string): boolean {
  return publishedSecrets.includes(secret.trim());
}
