import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The bench's own tests (`pnpm vitest run --config bench/vitest.config.ts`): pure code, so none of the root
 * config's services. The root config's include covers apps, packages and tests only.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['src/**/*.test.ts'],
    maxWorkers: 2,
  },
});
