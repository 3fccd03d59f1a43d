import { describe, expect, it } from 'vitest';
import { renderEmail } from '../render.ts';
import { WebhookDisabledEmail, type WebhookDisabledEmailProps } from './webhook-disabled.email.tsx';

const preview = WebhookDisabledEmail.PreviewProps;

function renderWith(overrides: Partial<WebhookDisabledEmailProps> = {}) {
  return renderEmail(<WebhookDisabledEmail {...preview} {...overrides} />);
}

describe('WebhookDisabledEmail', () => {
  it('gives the same facts in both parts: which endpoint, when, how many failures, the last error, what next', async () => {
    const { html, text } = await renderWith();
    for (const part of [html, text]) {
      expect(part).toContain('Ticketing bridge (https://hooks.acme.example)');
      expect(part).toContain('2026-11-30T09:12:00.000Z');
      expect(part).toContain('after 20 delivery attempts in a row failed');
      expect(part).toContain('The last one failed with: HTTP 503.');
      expect(part).toContain('until an admin enables it again');
      expect(part).toContain('webhooks.deliveries');
    }
    expect(html).toMatch(/<h1[^>]*>A webhook endpoint was disabled<\/h1>/);
    expect(text).toMatch(/^Hi Ada Admin,$/m);
  });

  it('names the origin alone when the endpoint has no description', async () => {
    const { text } = await renderWith({ description: '' });
    expect(text).toContain('sending webhooks to https://hooks.acme.example at');
  });

  it('escapes what admins and receivers wrote in HTML and keeps it literal in the text part', async () => {
    const { html, text } = await renderWith({
      description: '<img src=x onerror=alert(1)>',
      lastError: 'HTTP 500 <script>x</script>',
    });
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>');
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(text).toContain('HTTP 500 <script>x</script>');
  });

  it('matches the HTML and text snapshots for PreviewProps', async () => {
    const { html, text } = await renderWith();
    await expect(html).toMatchFileSnapshot('./__snapshots__/webhook-disabled.preview.html');
    await expect(text).toMatchFileSnapshot('./__snapshots__/webhook-disabled.preview.txt');
  });
});
