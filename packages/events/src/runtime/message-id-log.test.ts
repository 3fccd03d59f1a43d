import { describe, expect, it } from 'vitest';
import { MessageIdLog, messageIdsKept } from './message-id-log.ts';

describe('MessageIdLog', () => {
  it('gives an outcome nothing when no mail was recorded', () => {
    const log = new MessageIdLog();
    log.record('');
    expect(log.outcomeFields()).toEqual({});
  });

  it('keeps each Message-ID once, in the order first recorded', () => {
    const log = new MessageIdLog();
    for (const id of ['<b@x>', '<a@x>', '<b@x>']) log.record(id);
    expect(log.outcomeFields()).toEqual({ messageIds: ['<b@x>', '<a@x>'] });
  });

  it('keeps the first ones up to its bound and counts the rest', () => {
    const log = new MessageIdLog();
    for (let i = 0; i < messageIdsKept + 5; i++) log.record(`<${i}@x>`);
    log.record('<0@x>');
    const fields = log.outcomeFields();
    expect(fields.messageIds).toHaveLength(messageIdsKept);
    expect(fields.messageIds?.[0]).toBe('<0@x>');
    expect(fields.messageIdsOmitted).toBe(5);
  });
});
