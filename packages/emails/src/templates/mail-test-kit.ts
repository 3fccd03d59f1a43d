import { expect, it } from 'vitest';

/** A badge (`data-badge="type"` or `"stage"`…) as rendered in the HTML part: its text and background colour. */
export function badge(html: string, kind: string): { label: string; background: string | undefined } {
  const match = html.match(new RegExp(`<span data-badge="${kind}" style="([^"]*)">([^<]*)</span>`));
  if (!match?.[1] || match[2] === undefined) throw new Error(`no ${kind} badge in HTML`);
  return { label: match[2], background: match[1].match(/background-color:\s*([^;]+)/)?.[1] };
}

/** The cases every mail with a "View request" button must pass: no button for a URL that is not http(s). */
export function itRendersNoButtonForUnsafeUrls(
  renderWith: (overrides: { requestUrl: string }) => Promise<{ html: string }>,
): void {
  it.each(['javascript:alert(1)', 'data:text/html,<script>x</script>', 'not a url'])(
    'renders no button for the non-http URL %s',
    async (requestUrl) => {
      const { html } = await renderWith({ requestUrl });
      expect(html).not.toContain('View request');
      expect(html).not.toContain('javascript:');
    },
  );
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
};
const HTML_UNESCAPES = Object.fromEntries(
  Object.entries(HTML_ESCAPES).map(([char, entity]) => [entity, char]),
);

/** Text as React writes it into HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** The HTML without the `<!-- -->` markers React puts between adjacent text nodes ("Level <!-- -->2"). */
function joinedHtml(html: string): string {
  return html.replaceAll('<!-- -->', '');
}

/** Each fact must be in both parts: in the HTML as React escapes it, in the text part as written. */
export function expectEveryFactInBothParts(mail: { html: string; text: string }, facts: string[]): void {
  const html = joinedHtml(mail.html);
  for (const fact of facts) {
    expect(html, `HTML part: ${fact}`).toContain(escapeHtml(fact));
    expect(mail.text, `text part: ${fact}`).toContain(fact);
  }
}

function cellText(cell: string): string {
  return cell
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#x27);/g, (entity) => HTML_UNESCAPES[entity] ?? entity)
    .trim();
}

/** The rows of the HTML part's tables marked as data tables (details, grids), each as its cells' text. */
export function htmlTableRows(html: string): string[][] {
  const tables = joinedHtml(html).match(/<table[^>]*data-text-format="dataTable"[^>]*>.*?<\/table>/gs) ?? [];
  return tables.flatMap((table) =>
    [...table.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((row) =>
      [...(row[1] ?? '').matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/gs)].map((cell) => cellText(cell[1] ?? '')),
    ),
  );
}

/** The text part's table line that starts with `first`, split into its cells (columns are 2+ spaces apart). */
export function textTableRow(text: string, first: string): string[] | undefined {
  return text
    .split('\n')
    .find((line) => line.startsWith(`${first}  `))
    ?.split(/ {2,}/);
}
