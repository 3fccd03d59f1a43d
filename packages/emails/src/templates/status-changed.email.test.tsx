import { describe, expect, it } from 'vitest';
import { renderEmail } from '../render.ts';
import { badge, itRendersNoButtonForUnsafeUrls } from './mail-test-kit.ts';
import { REQUEST_STATUSES, REQUEST_TYPES, type RequestStatus } from './request-display.ts';
import { StatusChangedEmail, type StatusChangedEmailProps } from './status-changed.email.tsx';

const preview = StatusChangedEmail.PreviewProps;
const statuses = Object.keys(REQUEST_STATUSES) as RequestStatus[];

function renderWith(overrides: Partial<StatusChangedEmailProps> = {}) {
  return renderEmail(<StatusChangedEmail {...preview} {...overrides} />);
}

const fields = [
  preview.requesterName,
  'Your request has been repaired',
  'In progress',
  'Repaired',
  preview.changedByName,
  preview.subject,
  'Corrective',
  preview.equipmentName,
  preview.serialNumber,
  preview.technicianName,
  preview.teamName,
  'Tue, 3 Mar 2026, 14:05 UTC',
  preview.requestId,
];

describe('StatusChangedEmail', () => {
  it('shows every field in the HTML part', async () => {
    const { html } = await renderWith();
    for (const field of fields) expect(html).toContain(field);
    expect(html).toContain(`href="${preview.requestUrl}"`);
    expect(html).toMatch(/<h1[^>]*>Your request has been repaired<\/h1>/);
  });

  it('shows every field, labelled, in the text part', async () => {
    const { text } = await renderWith();
    for (const field of fields) expect(text).toContain(field);
    expect(text).toMatch(/^Hi Jamie Chen,$/m);
    expect(text).toMatch(/^Your request has been repaired$/m);
    expect(text).toMatch(/^In progress → Repaired$/m);
    expect(text).toMatch(/^Changed by Alex Morgan$/m);
    expect(text).toMatch(/^Breaker trips every morning$/m);
    expect(text).toMatch(/^Equipment +Main distribution board MDB-1$/m);
    expect(text).toMatch(/^Serial number +MDB1-2021-0007$/m);
    expect(text).toMatch(/^Technician +Alex Morgan$/m);
    expect(text).toMatch(/^Team +Electrical$/m);
    expect(text).toMatch(/^Closed on +Tue, 3 Mar 2026, 14:05 UTC$/m);
    expect(text).toMatch(/^Request ID +665f1c2ab3e4d5f6a7b8c9d1$/m);
    expect(text).toContain(`View request ${preview.requestUrl}`);
  });

  it.each([
    ['new', 'in_progress', 'Your request is now In progress'],
    ['new', 'repaired', 'Your request has been repaired'],
    ['in_progress', 'repaired', 'Your request has been repaired'],
    ['in_progress', 'scrap', 'Your request was scrapped'],
    ['repaired', 'scrap', 'Your request was scrapped'],
    ['scrap', 'repaired', 'Your request has been repaired'],
    ['in_progress', 'new', 'Your request was moved back to New'],
    ['repaired', 'in_progress', 'Your request was reopened'],
    ['repaired', 'new', 'Your request was reopened'],
    ['scrap', 'in_progress', 'Your request was reopened'],
  ] as const)('says what happened from %s to %s: "%s"', async (fromStatus, toStatus, headline) => {
    const { html, text } = await renderWith({ fromStatus, toStatus });
    expect(html).toContain(`>${headline}</h1>`);
    expect(text).toMatch(new RegExp(`^${headline}$`, 'm'));
    expect(text).toMatch(
      new RegExp(`^${REQUEST_STATUSES[fromStatus].label} → ${REQUEST_STATUSES[toStatus].label}$`, 'm'),
    );
  });

  it('gives every stage its own label and badge colour, the same on both sides of the arrow', async () => {
    const rendered = await Promise.all(
      statuses.map(async (status) => {
        const { html } = await renderWith({ fromStatus: status, toStatus: status });
        return { from: badge(html, 'stage-from'), to: badge(html, 'stage-to') };
      }),
    );
    expect(rendered.map(({ to }) => to.label)).toEqual(['New', 'In progress', 'Repaired', 'Scrapped']);
    for (const { from, to } of rendered) expect(from).toEqual(to);
    const backgrounds = rendered.map(({ to }) => to.background);
    for (const background of backgrounds) expect(background).toBeDefined();
    expect(new Set(backgrounds).size).toBe(statuses.length);
    // stage badges must not be mistaken for the type badge shown in the same mail
    for (const type of Object.values(REQUEST_TYPES)) expect(backgrounds).not.toContain(type.background);
  });

  it('uses the exact type badge texts', async () => {
    const { html, text } = await renderWith({ type: 'preventive' });
    expect(badge(html, 'type').label).toBe('Preventive');
    expect(text).toMatch(/^Preventive$/m);
    expect(text).not.toContain('Corrective');
  });

  it('says "Not assigned yet" without a technician and omits absent optional parts', async () => {
    const { html, text } = await renderWith({ technicianName: null, closedAt: null, requestUrl: null });
    expect(text).toMatch(/^Technician +Not assigned yet$/m);
    expect(text).not.toContain('Closed on');
    expect(text).not.toContain('View request');
    expect(html).not.toContain('View request');
  });

  it('treats a blank technician name as not assigned', async () => {
    const { text } = await renderWith({ technicianName: '  ' });
    expect(text).toMatch(/^Technician +Not assigned yet$/m);
  });

  it('shows an unparsable closed date as given instead of failing', async () => {
    const { text } = await renderWith({ closedAt: 'yesterday' });
    expect(text).toMatch(/^Closed on +yesterday$/m);
  });

  it('escapes user text in HTML and keeps it literal, on its own line, in the text part', async () => {
    const subject = '<script>alert(1)</script>\r\nBcc: x@y';
    const { html, text } = await renderWith({
      subject,
      requesterName: '"><img src=x onerror=alert(1)>',
      changedByName: 'Ada\nAdmin',
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('<script>alert(1)</script> Bcc: x@y');
    expect(text).toContain('Hi "><img src=x onerror=alert(1)>,');
    expect(text).toContain('Changed by Ada Admin');
    expect(text).not.toContain('\r');
    expect(text).not.toMatch(/^Bcc:/m);
  });

  itRendersNoButtonForUnsafeUrls(renderWith);

  it('matches the HTML and text snapshots for PreviewProps', async () => {
    const { html, text } = await renderWith();
    await expect(html).toMatchFileSnapshot('./__snapshots__/status-changed.preview.html');
    await expect(text).toMatchFileSnapshot('./__snapshots__/status-changed.preview.txt');
  });
});
