import { describe, expect, it } from 'vitest';
import { apiFieldErrors } from './api-field-errors.ts';

describe('apiFieldErrors', () => {
  it('splits the API messages that name fields', () => {
    expect(
      apiFieldErrors('Invalid input: subject: must not be empty; priority: must be at most 3', [
        'subject',
        'priority',
      ]),
    ).toEqual({ subject: 'must not be empty', priority: 'must be at most 3' });
    expect(apiFieldErrors('currentPassword: is not your current password', ['currentPassword'])).toEqual({
      currentPassword: 'is not your current password',
    });
  });

  it('leaves other messages, and other fields, to the form-level alert', () => {
    expect(
      apiFieldErrors('Technician Tara Torque is not a member of team Electrical', ['subject']),
    ).toBeNull();
    expect(apiFieldErrors('Invalid input: unknown field "company"', ['subject'])).toBeNull();
    expect(apiFieldErrors('Invalid input: company: is required', ['subject'])).toBeNull();
  });
});
