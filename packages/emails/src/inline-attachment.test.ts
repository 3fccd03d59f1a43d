import { describe, expect, it } from 'vitest';
import { checkInlineAttachments, type InlineAttachment } from './inline-attachment.ts';
import { InvalidMailError, isPermanentSmtpError } from './mailer-errors.ts';

const chart: InlineAttachment = {
  filename: 'requests-per-team.png',
  content: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  contentType: 'image/png',
  cid: 'stage-chart.1f2e3d@fixstream',
};

function refusal(attachments: InlineAttachment[]): unknown {
  try {
    checkInlineAttachments(attachments);
  } catch (error) {
    return error;
  }
  throw new Error('expected the attachments to be refused');
}

describe('checkInlineAttachments', () => {
  it('passes nothing on when there is nothing to attach', () => {
    expect(checkInlineAttachments(undefined)).toBeUndefined();
    expect(checkInlineAttachments([])).toBeUndefined();
  });

  it('hands nodemailer the four fields, inline, and nothing else a caller put in the object', () => {
    const smuggled = {
      ...chart,
      path: '/etc/passwd',
      href: 'http://example.test/x',
      headers: { Bcc: 'x@y' },
    };
    expect(checkInlineAttachments([smuggled])).toEqual([{ ...chart, contentDisposition: 'inline' }]);
  });

  it.each([
    ['a line break', 'chart@fixstream\r\nBcc: x@y.test'],
    ['angle brackets', '<chart@fixstream>'],
    ['a space', 'stage chart@fixstream'],
    ['no host', 'chart'],
    ['nothing', ''],
  ])('refuses a Content-ID with %s, as a permanent error', (_, cid) => {
    const error = refusal([{ ...chart, cid }]);
    expect(error).toBeInstanceOf(InvalidMailError);
    expect(isPermanentSmtpError(error)).toBe(true);
  });

  it('refuses two parts with one Content-ID', () => {
    expect(refusal([chart, { ...chart, filename: 'other.png' }])).toBeInstanceOf(InvalidMailError);
  });

  it.each(['image/png\r\nBcc: x@y.test', 'image/png; name="x"', 'png', ''])(
    'refuses the Content-Type %j',
    (contentType) => {
      expect(refusal([{ ...chart, contentType }])).toBeInstanceOf(InvalidMailError);
    },
  );

  it('refuses content that is not bytes in memory', () => {
    const content = 'file:///etc/passwd' as unknown as Buffer;
    expect(refusal([{ ...chart, content }])).toBeInstanceOf(InvalidMailError);
  });

  it('keeps the file name on one line, without folders, and refuses an empty one', () => {
    const [attachment] =
      checkInlineAttachments([{ ...chart, filename: '../../chart\r\nBcc: x@y.png' }]) ?? [];
    expect(attachment?.filename).toBe('.._.._chart Bcc: x@y.png');
    expect(refusal([{ ...chart, filename: ' \r\n ' }])).toBeInstanceOf(InvalidMailError);
  });
});
