import { describe, expect, it } from 'vitest';
import { PreventiveReminderEmail } from '../templates/preventive-reminder.email.tsx';
import { preventiveReminderMail } from './preventive-reminder.mail.ts';

const preview = PreventiveReminderEmail.PreviewProps;

describe('preventiveReminderMail', () => {
  it.each([
    [3, '[Preventive] Is due in 3 days: Quarterly lubrication of the main spindle'],
    [1, '[Preventive] Is due tomorrow: Quarterly lubrication of the main spindle'],
    [0, '[Preventive] Is due today: Quarterly lubrication of the main spindle'],
    [-2, '[Preventive] Was due 2 days ago: Quarterly lubrication of the main spindle'],
  ])('says in the subject when it is due, %i days ahead', async (daysUntilDue, subject) => {
    const mail = await preventiveReminderMail({ ...preview, daysUntilDue });
    expect(mail.subject).toBe(subject);
  });

  it('returns both parts of the rendered template, and no attachment', async () => {
    const mail = await preventiveReminderMail(preview);
    expect(mail.html).toMatch(/^<!DOCTYPE html/);
    expect(mail.html).toContain(preview.serialNumber);
    expect(mail.text).toContain(preview.serialNumber);
    expect(mail.attachments).toBeUndefined();
  });

  it('keeps an injected header out of the subject', async () => {
    const mail = await preventiveReminderMail({ ...preview, subject: '<script>x</script>\r\nBcc: x@y' });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('[Preventive] Is due in 3 days: <script>x</script> Bcc: x@y');
  });

  it('bounds the subject length', async () => {
    const mail = await preventiveReminderMail({ ...preview, subject: 'very long '.repeat(100) });
    expect(mail.subject.length).toBeLessThanOrEqual(200);
    expect(mail.subject.endsWith('…')).toBe(true);
  });
});
