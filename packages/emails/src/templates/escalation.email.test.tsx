import { describe, expect, it } from 'vitest';
import { renderEmail } from '../render.ts';
import { EscalationEmail, type EscalationEmailProps, escalationLevelMeaning } from './escalation.email.tsx';
import { badge, expectEveryFactInBothParts, itRendersNoButtonForUnsafeUrls } from './mail-test-kit.ts';

const preview = EscalationEmail.PreviewProps;

function renderWith(overrides: Partial<EscalationEmailProps> = {}) {
  return renderEmail(<EscalationEmail {...preview} {...overrides} />);
}

describe('EscalationEmail', () => {
  it('carries every fact in both the HTML and the text part', async () => {
    expectEveryFactInBothParts(await renderWith(), [
      'Hi Ada Admin,',
      "One of your team's requests is 1 day 4 hours late",
      'Escalation level 2: second reminder',
      'Corrective',
      preview.subject,
      'Mon, 2 Mar 2026, 09:00 (Europe/Berlin)',
      'Level 2 (second reminder)',
      'High',
      'Tomas Novak',
      'Electrical',
      preview.equipmentName,
      preview.serialNumber,
      preview.requestId,
      preview.requestUrl,
    ]);
  });

  it('labels each detail in the text part', async () => {
    const { html, text } = await renderWith();
    expect(text).toMatch(/^Breaker trips every morning$/m);
    expect(text).toMatch(/^Deadline +Mon, 2 Mar 2026, 09:00 \(Europe\/Berlin\)$/m);
    expect(text).toMatch(/^Late by +1 day 4 hours$/m);
    expect(text).toMatch(/^Escalation +Level 2 \(second reminder\)$/m);
    expect(text).toMatch(/^Priority +High$/m);
    expect(text).toMatch(/^Technician +Tomas Novak$/m);
    expect(text).toMatch(/^Team +Electrical$/m);
    expect(text).toMatch(/^Equipment +Main distribution board MDB-1$/m);
    expect(text).toMatch(/^Serial number +MDB1-2021-0007$/m);
    expect(text).toMatch(/^Request ID +665f1c2ab3e4d5f6a7b8c9d4$/m);
    expect(text).toContain(`View request ${preview.requestUrl}`);
    expect(html).toContain(`href="${preview.requestUrl}"`);
    expect(badge(html, 'type').label).toBe('Corrective');
  });

  it.each([null, '', '  '])('says "Unassigned" when the technician is %j', async (technicianName) => {
    const { html, text } = await renderWith({ technicianName });
    expect(text).toMatch(/^Technician +Unassigned$/m);
    expect(html).toContain('Unassigned');
  });

  it('says how late in days, hours or minutes', async () => {
    const { text } = await renderWith({ lateByMs: 42 * 60_000 });
    expect(text).toMatch(/^One of your team's requests is 42 minutes late$/m);
    expect(text).toMatch(/^Late by +42 minutes$/m);
  });

  it('escapes user text in HTML and keeps it literal in the text part', async () => {
    const { html, text } = await renderWith({
      subject: '<script>alert(1)</script>\r\nBcc: x@y',
      teamName: '<b>Night</b> & "day"',
      managerName: '"><img src=x onerror=alert(1)>',
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;Night&lt;/b&gt; &amp; &quot;day&quot;');
    expect(text).toContain('<script>alert(1)</script> Bcc: x@y');
    expect(text).toMatch(/^Team +<b>Night<\/b> & "day"$/m);
    expect(text).toContain('because you manage the <b>Night</b> & "day" team');
    expect(text).not.toMatch(/^Bcc:/m);
  });

  itRendersNoButtonForUnsafeUrls(renderWith);

  it('matches the HTML and text snapshots for PreviewProps', async () => {
    const { html, text } = await renderWith();
    await expect(html).toMatchFileSnapshot('./__snapshots__/escalation.preview.html');
    await expect(text).toMatchFileSnapshot('./__snapshots__/escalation.preview.txt');
  });
});

describe('escalationLevelMeaning', () => {
  it.each([
    [1, 'first reminder'],
    [2, 'second reminder'],
    [3, 'third reminder'],
    [10, 'tenth reminder'],
    [11, '11th reminder'],
    [12, '12th reminder'],
    [21, '21st reminder'],
    [22, '22nd reminder'],
    [23, '23rd reminder'],
  ])('calls level %i the %s', (level, meaning) => {
    expect(escalationLevelMeaning(level)).toBe(meaning);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses level %d', (level) => {
    expect(() => escalationLevelMeaning(level)).toThrow(RangeError);
  });
});
