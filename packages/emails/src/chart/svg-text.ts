/**
 * Characters XML 1.0 does not allow (most C0 controls, U+FFFE, U+FFFF, half of a surrogate pair): one of them in
 * a team name would make the whole SVG unparsable and the report fail, so they are dropped.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const WHITESPACE_RUN = /\s+/g;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** User text (team names) as SVG character data or an attribute value: one line, escaped, valid XML. */
export function svgText(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(LONE_SURROGATE, '')
    .replace(WHITESPACE_RUN, ' ')
    .trim()
    .replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Shortens a label to `max` characters (graphemes, so an emoji or accent is never cut), ending in "…". The chart
 * has a fixed column for team names; the report's table beside it shows every name in full.
 */
export function shorten(value: string, max: number): string {
  const parts = Array.from(graphemes.segment(value.replace(WHITESPACE_RUN, ' ').trim()), (s) => s.segment);
  if (parts.length <= max) return parts.join('');
  const kept = parts.slice(0, max - 1).join('');
  return `${kept.trimEnd()}…`;
}
