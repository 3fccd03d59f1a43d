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
