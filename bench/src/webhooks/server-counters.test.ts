import { describe, expect, it } from 'vitest';
import { mongoOpsOf, redisCommandsOf } from './server-counters.ts';

describe('server counters', () => {
  it('reads total_commands_processed from INFO stats', () => {
    expect(
      redisCommandsOf('# Stats\r\ntotal_connections_received:4\r\ntotal_commands_processed:1234\r\n'),
    ).toBe(1234);
    expect(() => redisCommandsOf('# Stats\r\n')).toThrow(/total_commands_processed/);
  });

  it('sums serverStatus opcounters, or answers null when the server has none', () => {
    expect(
      mongoOpsOf({ opcounters: { insert: 2, query: 3, update: 0, delete: 0, getmore: 1, command: 4 } }),
    ).toBe(10);
    expect(mongoOpsOf({ ok: 1 })).toBeNull();
    expect(mongoOpsOf(null)).toBeNull();
  });
});
