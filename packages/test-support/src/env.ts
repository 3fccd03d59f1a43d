import { z } from 'zod';

/** The test helpers' settings, the only place this package reads the environment. */
export const testSupportEnv = z
  .object({
    /** Debian's chromium (tools/setup.sh installs it): playwright-core downloads no browser of its own. */
    CHROMIUM_PATH: z.string().trim().min(1).default('/usr/bin/chromium'),
  })
  .parse(process.env);
