import { webhookEventNames as formEventNames } from '@fixstream/schemas';
import { describe, expect, it } from 'vitest';
import { webhookEventNames } from './webhook-events.ts';

describe('webhookEventNames', () => {
  it('are the names the input schemas (and so the web forms) accept', () => {
    expect([...formEventNames]).toEqual([...webhookEventNames]);
  });
});
