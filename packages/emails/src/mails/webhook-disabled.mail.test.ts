import { describe, expect, it } from 'vitest';
import { WebhookDisabledEmail } from '../templates/webhook-disabled.email.tsx';
import { webhookDisabledMail } from './webhook-disabled.mail.ts';

describe('webhookDisabledMail', () => {
  it('names the endpoint origin in the subject and has both parts', async () => {
    const mail = await webhookDisabledMail(WebhookDisabledEmail.PreviewProps);
    expect(mail.subject).toBe('Webhook endpoint disabled: https://hooks.acme.example');
    expect(mail.html).toMatch(/^<!DOCTYPE html/);
    expect(mail.text).toContain('HTTP 503');
  });
});
