import { describe, expect, it, vi } from 'vitest';
import { type RuntimeLogger, withLogFields } from './logger.ts';

describe('withLogFields', () => {
  it("adds the run's fields to every line, the call's own fields winning", () => {
    const logger: RuntimeLogger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const run = withLogFields(logger, { eventId: 'e1', runKey: 'e1.fn' });
    run.info({ requestId: 'r1' }, 'no mail');
    run.error({ runKey: 'other' }, 'failed');
    expect(logger.info).toHaveBeenCalledWith({ eventId: 'e1', runKey: 'e1.fn', requestId: 'r1' }, 'no mail');
    expect(logger.error).toHaveBeenCalledWith({ eventId: 'e1', runKey: 'other' }, 'failed');
  });
});
