import { describe, expect, it } from 'vitest';
import { redactionMarker, redactSecrets } from './redact-secrets.ts';

describe('redactSecrets', () => {
  it('replaces the values of keys naming secrets, at any depth and in arrays, with the marker', () => {
    const data = {
      requestId: '0123456789abcdef01234567',
      resetToken: 'raw-token',
      source: { data: { webhookSecret: 'whsec_abc', nested: [{ password: 'hunter2', name: 'kept' }] } },
      apiKey: { any: 'shape' },
      Authorization: 'Bearer x',
    };
    expect(redactSecrets(data)).toEqual({
      requestId: '0123456789abcdef01234567',
      resetToken: redactionMarker,
      source: {
        data: { webhookSecret: redactionMarker, nested: [{ password: redactionMarker, name: 'kept' }] },
      },
      apiKey: redactionMarker,
      Authorization: redactionMarker,
    });
    expect(data.resetToken).toBe('raw-token');
  });

  it('leaves the events of the catalog as they are: they carry ids and dates, no secrets', () => {
    const data = {
      requestId: '0123456789abcdef01234567',
      companyId: '0123456789abcdef01234568',
      resetRequestId: '0123456789abcdef01234569',
      from: '2026-11-30T12:00:00.000Z',
      at: new Date('2026-11-30T12:00:00.000Z'),
      count: 3,
      none: null,
    };
    expect(redactSecrets(data)).toEqual(data);
    expect(redactSecrets('text')).toBe('text');
  });
});
