import { describe, expect, it } from 'vitest';
import { StatusChangedEmail } from '../templates/status-changed.email.tsx';
import { statusChangedMail } from './status-changed.mail.ts';

const preview = StatusChangedEmail.PreviewProps;

describe('statusChangedMail', () => {
  it.each([
    ['new', '[New] Breaker trips every morning'],
    ['in_progress', '[In progress] Breaker trips every morning'],
    ['repaired', '[Repaired] Breaker trips every morning'],
    ['scrap', '[Scrapped] Breaker trips every morning'],
  ] as const)('tags the subject with the new stage %s', async (toStatus, subject) => {
    const mail = await statusChangedMail({ ...preview, toStatus });
    expect(mail.subject).toBe(subject);
  });

  it('returns both parts of the rendered template', async () => {
    const mail = await statusChangedMail(preview);
    expect(mail.html).toMatch(/^<!DOCTYPE html/);
    expect(mail.html).toContain('Your request has been repaired');
    expect(mail.text).toContain('Your request has been repaired');
    expect(mail.text).toContain(preview.serialNumber);
  });

  it('keeps an injected header out of the subject', async () => {
    const mail = await statusChangedMail({ ...preview, subject: '<script>x</script>\r\nBcc: x@y' });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('[Repaired] <script>x</script> Bcc: x@y');
  });

  it('bounds the subject length', async () => {
    const mail = await statusChangedMail({ ...preview, subject: 'very long '.repeat(100) });
    expect(mail.subject.length).toBeLessThanOrEqual(200);
    expect(mail.subject.endsWith('…')).toBe(true);
  });
});
