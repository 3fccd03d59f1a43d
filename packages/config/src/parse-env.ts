import type { z } from 'zod';

/** Thrown when the environment does not satisfy an app's schema; the message lists every bad variable at once. */
export class EnvError extends Error {
  override readonly name = 'EnvError';
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Validates an environment (the process's, handed over by the app's env.ts) against a schema.
 * Empty strings count as unset, so `MAIL_USER=` in a .env file means "no user" rather than an invalid value.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined>,
): z.output<S> {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${describeIssue(issue, cleaned)}`,
    ),
  );
}

/** zod does not keep the input in its issues, so whether a variable was set is read from what was parsed. */
function describeIssue(issue: z.core.$ZodIssue, cleaned: Record<string, string>): string {
  const [name] = issue.path;
  const unset = typeof name === 'string' && cleaned[name] === undefined;
  if (issue.code === 'invalid_type' && unset) return 'is required but not set';
  return issue.message;
}
