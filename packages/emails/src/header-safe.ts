/** C0 controls (CR, LF, TAB, NUL, …), DEL, C1 controls (incl. NEL) and the Unicode line/paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const ANY_CONTROL_CHARACTER = new RegExp(CONTROL_CHARACTERS.source);
const WHITESPACE_RUN = /\s+/g;
const ELLIPSIS = '…';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** For values that must be rejected rather than repaired (addresses, configuration). */
export function hasControlCharacters(value: string): boolean {
  return ANY_CONTROL_CHARACTER.test(value);
}

/**
 * Makes user text usable as a single mail header value (the subject): a CR/LF from a request title must
 * never start a new header (`Bcc:` injection), and a subject should stay one readable line. Truncation
 * counts UTF-16 units (what `.length` reports) but never cuts through an emoji or a combined character.
 */
export function headerSafe(value: string, maxLength = 200): string {
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new RangeError(`maxLength must be a positive integer, got ${maxLength}`);
  }
  const line = value.replace(CONTROL_CHARACTERS, ' ').replace(WHITESPACE_RUN, ' ').trim();
  if (line.length <= maxLength) return line;

  const budget = maxLength - ELLIPSIS.length;
  let cut = '';
  for (const { segment } of graphemes.segment(line)) {
    if (cut.length + segment.length > budget) break;
    cut += segment;
  }
  return `${cut.trimEnd()}${ELLIPSIS}`;
}
