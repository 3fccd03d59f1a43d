import { useState } from 'react';
import type { z } from 'zod';
import { apiFieldErrors } from './api-field-errors.ts';
import { errorMessage } from './error-message.ts';
import { type FieldErrors, fieldErrors } from './field-errors.ts';

export interface FormErrors {
  errors: FieldErrors;
  /** True, and nothing else to do, when the shared schema accepts the candidate; otherwise its errors show. */
  accepts<S extends z.ZodType>(schema: S, candidate: z.input<S>): boolean;
  /** Puts an API refusal that names fields on those fields; any other goes to `formError`. */
  fromApi(error: unknown): void;
  /** The sentence for the form-level alert: an API refusal no field explains, or a whole-form schema issue. */
  formError: string | null;
}

/**
 * Field errors for a form whose input the API's own zod schema checks: the same messages before any call and
 * after the API's 400s, so a person fixes a field where it is, whichever side noticed.
 */
export function useFormErrors(fields: readonly string[]): FormErrors {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [apiError, setApiError] = useState<string | null>(null);
  return {
    errors,
    accepts(schema, candidate) {
      const parsed = schema.safeParse(candidate);
      setApiError(null);
      setErrors(parsed.success ? {} : fieldErrors(parsed.error));
      return parsed.success;
    },
    fromApi(error) {
      const message = errorMessage(error);
      const named = apiFieldErrors(message, fields);
      setErrors(named ?? {});
      setApiError(named ? null : message);
    },
    formError: apiError ?? errors.form ?? null,
  };
}
