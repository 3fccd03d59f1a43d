import { describe, expect, it } from 'vitest';
import { renderEmail } from '../render.ts';
import { expectEveryFactInBothParts, itRendersNoButtonForUnsafeUrls } from './mail-test-kit.ts';
import {
  dueWhen,
  PreventiveReminderEmail,
  type PreventiveReminderEmailProps,
} from './preventive-reminder.email.tsx';

const preview = PreventiveReminderEmail.PreviewProps;

function renderWith(overrides: Partial<PreventiveReminderEmailProps> = {}) {
  return renderEmail(<PreventiveReminderEmail {...preview} {...overrides} />);
}

describe('PreventiveReminderEmail', () => {
  it('carries every fact in both the HTML and the text part', async () => {
    expectEveryFactInBothParts(await renderWith(), [
      'Hi Alex Morgan, preventive maintenance assigned to you is due in 3 days.',
      'Preventive',
      preview.subject,
      preview.equipmentName,
      preview.serialNumber,
      'Building A, Cell 2',
      preview.teamName,
      'Thu, 5 Mar 2026, 08:30 (Europe/Berlin)',
      '2 hours 30 minutes',
      'in 3 days',
      preview.requestId,
      preview.requestUrl,
    ]);
  });

  it('labels each detail in the text part', async () => {
    const { html, text } = await renderWith();
    expect(text).toMatch(/^Quarterly lubrication of the main spindle$/m);
    expect(text).toMatch(/^Due +in 3 days$/m);
    expect(text).toMatch(/^Scheduled for +Thu, 5 Mar 2026, 08:30 \(Europe\/Berlin\)$/m);
    expect(text).toMatch(/^Duration +2 hours 30 minutes$/m);
    expect(text).toMatch(/^Equipment +CNC mill M-4$/m);
    expect(text).toMatch(/^Serial number +M4-2020-0311$/m);
    expect(text).toMatch(/^Location +Building A, Cell 2$/m);
    expect(text).toMatch(/^Team +Mechanical$/m);
    expect(text).toMatch(/^Request ID +665f1c2ab3e4d5f6a7b8c9d3$/m);
    expect(text).toContain(`View request ${preview.requestUrl}`);
    expect(html).toContain(`href="${preview.requestUrl}"`);
  });

  it.each([
    [0, 'is due today'],
    [1, 'is due tomorrow'],
    [7, 'is due in 7 days'],
    [-1, 'was due yesterday'],
    [-2, 'was due 2 days ago'],
  ])('says when, %i days ahead: "%s"', async (daysUntilDue, words) => {
    expect(dueWhen(daysUntilDue)).toBe(words);
    const { text } = await renderWith({ daysUntilDue });
    expect(text).toContain(`preventive maintenance assigned to you ${words}.`);
  });

  it('shows the scheduled time in the company zone, summer time included', async () => {
    const { text } = await renderWith({
      scheduledDate: '2026-07-01T04:00:00.000Z',
      timeZone: 'America/Chicago',
    });
    expect(text).toMatch(/^Scheduled for +Tue, 30 Jun 2026, 23:00 \(America\/Chicago\)$/m);
  });

  it('falls back to UTC, saying so, for a zone the runtime does not know', async () => {
    const { text } = await renderWith({ timeZone: 'Europe/Atlantis' });
    expect(text).toMatch(/^Scheduled for +Thu, 5 Mar 2026, 07:30 \(UTC\)$/m);
  });

  it('says what is missing: no planned duration, no location, no link', async () => {
    for (const durationHours of [null, 0]) {
      const { html, text } = await renderWith({ durationHours, location: '  ', requestUrl: null });
      expect(text).toMatch(/^Duration +Not planned$/m);
      expect(text).toMatch(/^Location +Not specified$/m);
      expect(text).not.toContain('View request');
      expect(html).not.toContain('View request');
    }
  });

  it('escapes user text in HTML and keeps it literal in the text part', async () => {
    const { html, text } = await renderWith({
      subject: '<script>alert(1)</script>\r\nBcc: x@y',
      equipmentName: '"><img src=x onerror=alert(1)>',
      technicianName: '<b>Alex</b>',
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('<script>alert(1)</script> Bcc: x@y');
    expect(text).toMatch(/^Equipment +"><img src=x onerror=alert\(1\)>$/m);
    expect(text).toContain('Hi <b>Alex</b>,');
    expect(text).not.toMatch(/^Bcc:/m);
  });

  itRendersNoButtonForUnsafeUrls(renderWith);

  it('matches the HTML and text snapshots for PreviewProps', async () => {
    const { html, text } = await renderWith();
    await expect(html).toMatchFileSnapshot('./__snapshots__/preventive-reminder.preview.html');
    await expect(text).toMatchFileSnapshot('./__snapshots__/preventive-reminder.preview.txt');
  });
});
