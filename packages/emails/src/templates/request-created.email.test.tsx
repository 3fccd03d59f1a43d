import { describe, expect, it } from 'vitest';
import { renderEmail } from '../render.ts';
import { itRendersNoButtonForUnsafeUrls } from './mail-test-kit.ts';
import { RequestCreatedEmail, type RequestCreatedEmailProps } from './request-created.email.tsx';

const preview = RequestCreatedEmail.PreviewProps;

function renderWith(overrides: Partial<RequestCreatedEmailProps> = {}) {
  return renderEmail(<RequestCreatedEmail {...preview} {...overrides} />);
}

function badgeStyle(html: string, label: string): string {
  const match = html.match(new RegExp(`<span data-badge="type" style="([^"]*)">${label}</span>`));
  if (!match?.[1]) throw new Error(`no ${label} badge in HTML`);
  return match[1];
}

const fields = [
  preview.subject,
  'Corrective',
  preview.equipmentName,
  preview.serialNumber,
  preview.location,
  preview.requesterName,
  preview.teamName,
  preview.requestId,
  'High',
  'Mon, 2 Mar 2026, 09:30 UTC',
  'Oil is pooling under the main cylinder.',
  preview.technicianName,
];

describe('RequestCreatedEmail', () => {
  it('shows every field in the HTML part', async () => {
    const { html } = await renderWith();
    for (const field of fields) expect(html).toContain(field);
    expect(html).toContain(`href="${preview.requestUrl}"`);
  });

  it('shows every field, labelled, in the text part', async () => {
    const { text } = await renderWith();
    for (const field of fields) expect(text).toContain(field);
    expect(text).toMatch(/^Equipment +Hydraulic press HP-200$/m);
    expect(text).toMatch(/^Serial number +HP200-2023-0042$/m);
    expect(text).toMatch(/^Location +Building B, Line 3$/m);
    expect(text).toMatch(/^Priority +High$/m);
    expect(text).toMatch(/^Requested by +Jamie Chen$/m);
    expect(text).toMatch(/^Team +Mechanical$/m);
    expect(text).toMatch(/^Scheduled for +Mon, 2 Mar 2026, 09:30 UTC$/m);
    expect(text).toMatch(/^Request ID +665f1c2ab3e4d5f6a7b8c9d0$/m);
    expect(text).toContain(`View request ${preview.requestUrl}`);
    // description line breaks survive
    expect(text).toContain('cylinder.\nThe press');
  });

  it('colour-codes the type badge', async () => {
    const corrective = badgeStyle((await renderWith({ type: 'corrective' })).html, 'Corrective');
    const preventive = badgeStyle((await renderWith({ type: 'preventive' })).html, 'Preventive');
    const background = (style: string) => style.match(/background-color:\s*([^;]+)/)?.[1];
    expect(background(corrective)).toBeDefined();
    expect(background(preventive)).toBeDefined();
    expect(background(corrective)).not.toBe(background(preventive));
  });

  it('uses the exact badge texts', async () => {
    const { text } = await renderWith({ type: 'preventive' });
    expect(text).toMatch(/^Preventive$/m);
    expect(text).not.toContain('Corrective');
  });

  it.each([
    [0, 'Low'],
    [1, 'Normal'],
    [2, 'High'],
    [3, 'Urgent'],
  ] as const)('writes priority %i as %s', async (priority, word) => {
    const { text } = await renderWith({ priority });
    expect(text).toMatch(new RegExp(`^Priority +${word}$`, 'm'));
  });

  it('escapes user text in HTML and keeps it literal in the text part', async () => {
    const subject = '<script>alert(1)</script>';
    const { html, text } = await renderWith({
      subject,
      requesterName: '"><img src=x onerror=alert(1)>',
      description: '<b>bold</b> & more',
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain(subject);
    expect(text).toContain('"><img src=x onerror=alert(1)>');
    expect(text).toContain('<b>bold</b> & more');
  });

  it('keeps the subject as written in the text part (no upper-casing)', async () => {
    const { text } = await renderWith({ subject: 'Pump P-7 making noise' });
    expect(text).toContain('Pump P-7 making noise');
    expect(text).not.toContain('PUMP P-7');
  });

  it('says "Not specified" without a location and omits absent optional parts', async () => {
    const { html, text } = await renderWith({
      location: null,
      description: null,
      scheduledDate: null,
      requestUrl: null,
    });
    expect(text).toMatch(/^Location +Not specified$/m);
    expect(text).not.toContain('Scheduled for');
    expect(text).not.toContain('Description');
    expect(text).not.toContain('View request');
    expect(html).not.toContain('View request');
  });

  it('treats a blank location or description as absent', async () => {
    const { text } = await renderWith({ location: '   ', description: ' \n ' });
    expect(text).toMatch(/^Location +Not specified$/m);
    expect(text).not.toContain('Description');
  });

  it('shows an unparsable scheduled date as given instead of failing', async () => {
    const { text } = await renderWith({ scheduledDate: 'next Tuesday' });
    expect(text).toMatch(/^Scheduled for +next Tuesday$/m);
  });

  itRendersNoButtonForUnsafeUrls(renderWith);

  it('matches the HTML and text snapshots for PreviewProps', async () => {
    const { html, text } = await renderWith();
    await expect(html).toMatchFileSnapshot('./__snapshots__/request-created.preview.html');
    await expect(text).toMatchFileSnapshot('./__snapshots__/request-created.preview.txt');
  });
});
