import { describe, expect, it } from 'vitest';
import { renderEmail } from '../render.ts';
import { badge, itRendersNoButtonForUnsafeUrls } from './mail-test-kit.ts';
import { RequestAssignedEmail, type RequestAssignedEmailProps } from './request-assigned.email.tsx';
import { RequestCreatedEmail } from './request-created.email.tsx';
import { REQUEST_STATUSES, REQUEST_TYPES, type RequestStatus } from './request-display.ts';

const preview = RequestAssignedEmail.PreviewProps;
const statuses = Object.keys(REQUEST_STATUSES) as RequestStatus[];

function renderWith(overrides: Partial<RequestAssignedEmailProps> = {}) {
  return renderEmail(<RequestAssignedEmail {...preview} {...overrides} />);
}

/** The details table in the text part (Equipment … Request ID), which both technician mails must render alike. */
function detailLines(text: string): string[] {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.startsWith('Equipment '));
  const last = lines.findIndex((line) => line.startsWith('Request ID '));
  if (first < 0 || last < first) throw new Error('no details table in the text part');
  return lines.slice(first, last + 1);
}

const fields = [
  preview.technicianName,
  preview.assignedByName,
  preview.previousTechnicianName,
  preview.subject,
  'Corrective',
  preview.equipmentName,
  preview.serialNumber,
  preview.location,
  'Urgent',
  'In progress',
  preview.requesterName,
  preview.teamName,
  'Wed, 4 Mar 2026, 07:00 UTC',
  preview.requestId,
  'The belt slips once the load is over 40 kg.',
];

describe('RequestAssignedEmail', () => {
  it('shows every field in the HTML part', async () => {
    const { html } = await renderWith();
    for (const field of fields) expect(html).toContain(field);
    expect(html).toContain(`href="${preview.requestUrl}"`);
  });

  it('shows every field, labelled, in the text part', async () => {
    const { text } = await renderWith();
    for (const field of fields) expect(text).toContain(field);
    expect(text).toMatch(
      /^Hi Alex Morgan, Ada Admin assigned a maintenance request to you\. It was assigned to Tomas Novak before\.$/m,
    );
    expect(text).toMatch(/^Conveyor belt slipping under load$/m);
    expect(text).toMatch(/^Equipment +Conveyor CV-12$/m);
    expect(text).toMatch(/^Serial number +CV12-2022-0118$/m);
    expect(text).toMatch(/^Location +Warehouse, Dock 4$/m);
    expect(text).toMatch(/^Priority +Urgent$/m);
    expect(text).toMatch(/^Stage +In progress$/m);
    expect(text).toMatch(/^Requested by +Jamie Chen$/m);
    expect(text).toMatch(/^Team +Mechanical$/m);
    expect(text).toMatch(/^Scheduled for +Wed, 4 Mar 2026, 07:00 UTC$/m);
    expect(text).toMatch(/^Request ID +665f1c2ab3e4d5f6a7b8c9d2$/m);
    expect(text).toContain(`View request ${preview.requestUrl}`);
    expect(text).toContain('40 kg.\nThe tensioner');
  });

  it.each([null, '', '   '])(
    'leaves out the handover sentence when the previous technician is %j',
    async (name) => {
      const { html, text } = await renderWith({ previousTechnicianName: name });
      expect(text).toMatch(/^Hi Alex Morgan, Ada Admin assigned a maintenance request to you\.$/m);
      expect(text).not.toContain('before');
      expect(html).not.toContain('before');
    },
  );

  it('gives every stage its own label and badge colour', async () => {
    const rendered = await Promise.all(
      statuses.map(async (status) => {
        const { html, text } = await renderWith({ status });
        return { badge: badge(html, 'stage'), text };
      }),
    );
    rendered.forEach(({ badge: stage, text }, index) => {
      const label = REQUEST_STATUSES[statuses[index] as RequestStatus].label;
      expect(stage.label).toBe(label);
      expect(text).toMatch(new RegExp(`^Stage +${label}$`, 'm'));
    });
    const backgrounds = rendered.map(({ badge: stage }) => stage.background);
    expect(new Set(backgrounds).size).toBe(statuses.length);
    for (const type of Object.values(REQUEST_TYPES)) expect(backgrounds).not.toContain(type.background);
  });

  it('uses the exact type badge texts', async () => {
    const { html, text } = await renderWith({ type: 'preventive' });
    expect(badge(html, 'type').label).toBe('Preventive');
    expect(text).toMatch(/^Preventive$/m);
    expect(text).not.toContain('Corrective');
  });

  it('renders the same request details as the created mail, plus the stage', async () => {
    const { technicianName, assignedByName, previousTechnicianName, status, ...request } = preview;
    const created = await renderEmail(<RequestCreatedEmail technicianName={technicianName} {...request} />);
    const assigned = await renderWith();
    const createdLines = detailLines(created.text);
    expect(createdLines).toHaveLength(8);
    expect(detailLines(assigned.text).filter((line) => !line.startsWith('Stage'))).toEqual(createdLines);
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

  it('escapes user text in HTML and keeps it literal, on its own line, in the text part', async () => {
    const subject = '<script>alert(1)</script>\r\nBcc: x@y';
    const { html, text } = await renderWith({
      subject,
      assignedByName: '"><img src=x onerror=alert(1)>',
      previousTechnicianName: '<b>Tomas</b>\nNovak',
      description: '<b>bold</b> & more',
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('<script>alert(1)</script> Bcc: x@y');
    expect(text).toContain('"><img src=x onerror=alert(1)> assigned a maintenance request to you.');
    expect(text).toContain('It was assigned to <b>Tomas</b> Novak before.');
    expect(text).toContain('<b>bold</b> & more');
    expect(text).not.toContain('\r');
    expect(text).not.toMatch(/^Bcc:/m);
  });

  itRendersNoButtonForUnsafeUrls(renderWith);

  it('matches the HTML and text snapshots for PreviewProps', async () => {
    const { html, text } = await renderWith();
    await expect(html).toMatchFileSnapshot('./__snapshots__/request-assigned.preview.html');
    await expect(text).toMatchFileSnapshot('./__snapshots__/request-assigned.preview.txt');
  });
});
