import { defineConfig } from 'vitest/config';

/**
 * One vitest run for the whole workspace: the global setup starts Redis, a MongoDB-wire database and the
 * SMTP sink once, and every test file isolates itself with its own database name and Redis key prefix.
 * `pnpm test` (tools/test.sh) runs the soak tests (`*.soak.test.ts`, long and mostly idle) in a second vitest
 * process with this same config, started before lint and typecheck, and leaves them out of this one.
 */
export default defineConfig({
  test: {
    include: ['{apps,packages,tests}/*/src/**/*.test.{ts,tsx}', 'bench/src/**/*.test.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
