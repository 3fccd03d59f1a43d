import { describe, expect, it } from 'vitest';
import { EscalationEmail } from '../templates/escalation.email.tsx';
import { escalationMail } from './escalation.mail.ts';

const preview = EscalationEmail.PreviewProps;

describe('escalationMail', () => {
  it('leads the subject with the level and how late, the request last', async () => {
    const mail = await escalationMail(preview);
    expect(mail.subject).toBe('[Overdue, second reminder] 1 day 4 hours late: Breaker trips every morning');
    const first = await escalationMail({ ...preview, level: 1, lateByMs: 5 * 60_000 });
    expect(first.subject).toBe('[Overdue, first reminder] 5 minutes late: Breaker trips every morning');
  });

  it('returns both parts of the rendered template, and no attachment', async () => {
    const mail = await escalationMail(preview);
    expect(mail.html).toMatch(/^<!DOCTYPE html/);
    expect(mail.html).toContain('second reminder');
    expect(mail.text).toContain('second reminder');
    expect(mail.attachments).toBeUndefined();
  });

  it('refuses a level that is not one, rather than mail a meaningless reminder', async () => {
    await expect(escalationMail({ ...preview, level: 0 })).rejects.toThrow(RangeError);
  });

  it('keeps an injected header out of the subject', async () => {
    const mail = await escalationMail({ ...preview, subject: '<script>x</script>\r\nBcc: x@y' });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('[Overdue, second reminder] 1 day 4 hours late: <script>x</script> Bcc: x@y');
  });

  it('bounds the subject length, keeping the tag and the lateness', async () => {
    const mail = await escalationMail({ ...preview, subject: 'very long '.repeat(100) });
    expect(mail.subject.length).toBeLessThanOrEqual(200);
    expect(mail.subject.startsWith('[Overdue, second reminder] 1 day 4 hours late: very long')).toBe(true);
    expect(mail.subject.endsWith('…')).toBe(true);
  });
});
