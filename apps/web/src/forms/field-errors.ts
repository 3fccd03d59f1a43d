import type { z } from 'zod';

/** Field name → first message; issues about the whole form go under `form`. */
export type FieldErrors = Partial<Record<string, string>>;

/** Turns a zod error into one message per field, worded as the API words them (no "Invalid input:" prefix). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = typeof issue.path[0] === 'string' ? issue.path[0] : 'form';
    errors[key] ??= issue.message;
  }
  return errors;
}
