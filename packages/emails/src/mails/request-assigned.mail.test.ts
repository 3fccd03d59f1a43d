import { describe, expect, it } from 'vitest';
import { RequestAssignedEmail } from '../templates/request-assigned.email.tsx';
import { requestAssignedMail } from './request-assigned.mail.ts';

const preview = RequestAssignedEmail.PreviewProps;

describe('requestAssignedMail', () => {
  it('tags the subject with the request type', async () => {
    const corrective = await requestAssignedMail(preview);
    expect(corrective.subject).toBe('[Corrective] Assigned to you: Conveyor belt slipping under load');
    const preventive = await requestAssignedMail({ ...preview, type: 'preventive' });
    expect(preventive.subject).toBe('[Preventive] Assigned to you: Conveyor belt slipping under load');
  });

  it('returns both parts of the rendered template', async () => {
    const mail = await requestAssignedMail(preview);
    expect(mail.html).toMatch(/^<!DOCTYPE html/);
    expect(mail.html).toContain(preview.assignedByName);
    expect(mail.text).toContain(preview.assignedByName);
    expect(mail.text).toContain(preview.serialNumber);
  });

  it('keeps an injected header out of the subject', async () => {
    const mail = await requestAssignedMail({ ...preview, subject: '<script>x</script>\r\nBcc: x@y' });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('[Corrective] Assigned to you: <script>x</script> Bcc: x@y');
  });

  it('bounds the subject length', async () => {
    const mail = await requestAssignedMail({ ...preview, subject: 'very long '.repeat(100) });
    expect(mail.subject.length).toBeLessThanOrEqual(200);
    expect(mail.subject.endsWith('…')).toBe(true);
  });
});
