import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent } from '../event.ts';
import { defineFunction, valueAtPath } from './function.ts';

const ping = defineEvent({ name: 'test/ping', version: 1, data: z.object({ companyId: z.string() }) });
const pong = defineEvent({ name: 'test/pong', version: 1, data: z.object({ companyId: z.string() }) });
const handler = async () => {};

describe('defineFunction', () => {
  it('refuses an id that cannot name a consumer group, a ledger key and a dead-letter stream', () => {
    expect(() => defineFunction({ id: 'Send Mail', event: ping, handler })).toThrow(
      'Function id "Send Mail" must be lowercase letters, digits and dashes (max 63 characters)',
    );
  });

  it('refuses flow control that could never let a run through', () => {
    expect(() => defineFunction({ id: 'f', event: ping, handler, concurrency: { limit: 0 } })).toThrow(
      'Function "f": concurrency.limit must be a whole number of at least 1',
    );
    expect(() => defineFunction({ id: 'f', event: ping, handler, concurrency: { limit: 1.5 } })).toThrow(
      /concurrency\.limit/,
    );
    expect(() =>
      defineFunction({ id: 'f', event: ping, handler, rateLimit: { limit: 3, periodMs: 0 } }),
    ).toThrow('Function "f": rateLimit needs a limit of at least 1 and a period above 0 ms');
    expect(() => defineFunction({ id: 'f', event: ping, handler, debounce: { periodMs: 0 } })).toThrow(
      'Function "f": debounce needs a period above 0 ms (and a maximum wait above 0 ms)',
    );
  });

  it('refuses cancelOn rules that match on different paths', () => {
    expect(() =>
      defineFunction({
        id: 'f',
        event: ping,
        handler,
        cancelOn: [
          { event: pong, match: 'data.companyId' },
          { event: pong, match: 'data.requestId' },
        ],
      }),
    ).toThrow(
      'Function "f": every cancelOn rule must name the same match (got data.companyId, data.requestId)',
    );
  });
});

describe('valueAtPath', () => {
  it('reads a scalar at a dotted path, as a string, and null for anything else', () => {
    const event = { id: 'e', data: { companyId: 'c1', n: 3, ok: true, nested: { a: null }, list: [1] } };
    expect(valueAtPath(event, 'data.companyId')).toBe('c1');
    expect(valueAtPath(event, 'data.n')).toBe('3');
    expect(valueAtPath(event, 'data.ok')).toBe('true');
    expect(valueAtPath(event, 'data.nested.a')).toBeNull();
    expect(valueAtPath(event, 'data.list')).toBeNull();
    expect(valueAtPath(event, 'data.missing.deeper')).toBeNull();
  });
});
