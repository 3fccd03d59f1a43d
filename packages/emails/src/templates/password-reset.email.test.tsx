import { describe, expect, it } from 'vitest';
import { renderEmail } from '../render.ts';
import {
  describeMinutes,
  PasswordResetEmail,
  type PasswordResetEmailProps,
} from './password-reset.email.tsx';

const preview = PasswordResetEmail.PreviewProps;

function renderWith(overrides: Partial<PasswordResetEmailProps> = {}) {
  return renderEmail(<PasswordResetEmail {...preview} {...overrides} />);
}

describe('PasswordResetEmail', () => {
  it('links to the reset page from a button and from the written-out address', async () => {
    const { html } = await renderWith();
    const escaped = preview.resetUrl.replaceAll('&', '&amp;');
    expect(html.match(new RegExp(`href="${escaped.replace(/[.?]/g, '\\$&')}"`, 'g'))).toHaveLength(2);
    expect(html).toContain('Choose a new password');
    expect(html).toMatch(/<h1[^>]*>Reset your password<\/h1>/);
  });

  it('says in the text part whose account it is, how long the link works and what to do if unasked', async () => {
    const { text } = await renderWith();
    expect(text).toMatch(/^Hi Jamie Chen,$/m);
    expect(text).toContain(`the fixstream account ${preview.email}`);
    expect(text).toContain('It works once, for 30 minutes');
    expect(text).toContain(`Choose a new password ${preview.resetUrl}`);
    expect(text).toContain('If you did not ask for this, ignore this mail: your password stays as it is.');
  });

  it.each([
    [30, '30 minutes'],
    [1, '1 minute'],
    [60, '1 hour'],
    [120, '2 hours'],
    [90, '90 minutes'],
  ])('describes a lifetime of %i minutes as "%s"', (minutes, words) => {
    expect(describeMinutes(minutes)).toBe(words);
  });

  it.each(['javascript:alert(1)', 'data:text/html,<script>x</script>', 'not a url'])(
    'renders no link for the non-http URL %s',
    async (resetUrl) => {
      const { html } = await renderWith({ resetUrl });
      expect(html).not.toContain('Choose a new password');
      expect(html).not.toContain('javascript:');
      expect(html).not.toContain('<script>');
    },
  );

  it('escapes the name in HTML and keeps it literal in the text part', async () => {
    const { html, text } = await renderWith({ name: '"><img src=x onerror=alert(1)>' });
    expect(html).not.toContain('<img src=x');
    expect(text).toContain('Hi "><img src=x onerror=alert(1)>,');
  });

  it('matches the HTML and text snapshots for PreviewProps', async () => {
    const { html, text } = await renderWith();
    await expect(html).toMatchFileSnapshot('./__snapshots__/password-reset.preview.html');
    await expect(text).toMatchFileSnapshot('./__snapshots__/password-reset.preview.txt');
  });
});
