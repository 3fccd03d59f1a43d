import { describe, expect, it } from 'vitest';
import { renderMail, renderMailList, renderTime } from './mail-sink.html.ts';
import type { StoredMail } from './mail-store.ts';

const mail: StoredMail = {
  id: '1',
  messageId: '<a@b>',
  from: 'fixstream <noreply@fixstream.local>',
  to: ['tara@acme.example'],
  subject: 'New maintenance request',
  text: 'hello',
  html: '<p>hello</p>',
  headers: {},
  attachments: [],
  receivedAt: '2025-11-29T22:58:01.123Z',
};
const berlin = { timeZone: 'Europe/Berlin' };

describe('times on the sink pages', () => {
  it('reads as local date and time, kept on one line, with the exact instant as value and tooltip', () => {
    expect(renderTime(mail.receivedAt, berlin)).toBe(
      '<time datetime="2025-11-29T22:58:01.123Z" title="2025-11-29T22:58:01.123Z">29 Nov 2025, 23:58:01</time>',
    );
    expect(renderTime(mail.receivedAt, { timeZone: 'America/New_York' })).toContain(
      '>29 Nov 2025, 17:58:01<',
    );
  });

  it('shows local times in the list and on a mail, never the raw ISO string as text', () => {
    for (const page of [renderMailList([mail], berlin), renderMail(mail, berlin)]) {
      expect(page).toContain('>29 Nov 2025, 23:58:01</time>');
      expect(page).not.toContain('>2025-11-29T22:58:01.123Z<');
      expect(page).toContain('time{white-space:nowrap}');
    }
  });

  it('shows a value that is not a time as it is, escaped', () => {
    expect(renderTime('<soon>')).toBe('&lt;soon&gt;');
  });
});
