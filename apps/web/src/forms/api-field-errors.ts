import type { FieldErrors } from './field-errors.ts';

/**
 * The API names each bad field in its 400 messages ("Invalid input: subject: must not be empty; priority: …",
 * "currentPassword: is not your current password"). This splits such a message into field errors, so they show
 * next to the fields like the form's own; null when the message is not of that form or names another field.
 */
export function apiFieldErrors(message: string, fields: readonly string[]): FieldErrors | null {
  const parts = message.replace(/^Invalid input: /, '').split('; ');
  const errors: FieldErrors = {};
  for (const part of parts) {
    const match = /^(\w+): (.+)$/.exec(part);
    if (!match?.[1] || !match[2] || !fields.includes(match[1])) return null;
    errors[match[1]] ??= match[2];
  }
  return errors;
}
