import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { InlineAttachment } from '../inline-attachment.ts';
import { composeMail } from './compose-mail.ts';

const image: InlineAttachment = {
  filename: 'chart.png',
  content: Buffer.from('png'),
  contentType: 'image/png',
  cid: 'chart.abc@fixstream',
};

describe('composeMail', () => {
  it('has no attachments unless given some', async () => {
    const mail = await composeMail('Hello', createElement('p', null, 'Hi'));
    expect(mail).toEqual({ subject: 'Hello', html: expect.stringContaining('Hi'), text: 'Hi' });
    expect('attachments' in mail).toBe(false);
  });

  it('returns the inline attachments that the HTML shows', async () => {
    const mail = await composeMail(
      'Report',
      createElement('img', { src: `cid:${image.cid}`, alt: 'chart' }),
      [image],
    );
    expect(mail.attachments).toEqual([image]);
  });

  it('refuses an attachment the HTML does not show, which clients would list as a stray file', async () => {
    await expect(composeMail('Report', createElement('p', null, 'no image'), [image])).rejects.toThrow(
      'does not show the attachment cid:chart.abc@fixstream',
    );
  });
});
