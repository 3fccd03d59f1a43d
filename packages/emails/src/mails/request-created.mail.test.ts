import { describe, expect, it } from 'vitest';
import { RequestCreatedEmail } from '../templates/request-created.email.tsx';
import { requestCreatedMail } from './request-created.mail.ts';

const preview = RequestCreatedEmail.PreviewProps;

describe('requestCreatedMail', () => {
  it('tags the subject with the request type', async () => {
    const corrective = await requestCreatedMail(preview);
    expect(corrective.subject).toBe('[Corrective] New maintenance request: Hydraulic press leaking oil');
    const preventive = await requestCreatedMail({ ...preview, type: 'preventive' });
    expect(preventive.subject).toBe('[Preventive] New maintenance request: Hydraulic press leaking oil');
  });

  it('returns both parts of the rendered template', async () => {
    const mail = await requestCreatedMail(preview);
    expect(mail.html).toMatch(/^<!DOCTYPE html/);
    expect(mail.html).toContain(preview.serialNumber);
    expect(mail.text).toContain(preview.serialNumber);
  });

  it('keeps an injected header out of the subject', async () => {
    const mail = await requestCreatedMail({ ...preview, subject: 'Leak\r\nBcc: x@y' });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('[Corrective] New maintenance request: Leak Bcc: x@y');
  });

  it('bounds the subject length', async () => {
    const mail = await requestCreatedMail({ ...preview, subject: 'very long '.repeat(100) });
    expect(mail.subject.length).toBeLessThanOrEqual(200);
    expect(mail.subject.endsWith('…')).toBe(true);
  });
});
