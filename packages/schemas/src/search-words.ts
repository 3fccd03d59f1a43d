/** Letters that no decomposition turns into a base letter and marks, as people type them on a plain keyboard. */
const foldedLetters: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};
const foldable = new RegExp(`[${Object.keys(foldedLetters).join('')}]`, 'g');
/** The combining diacritical marks (and their extended, supplement and half-mark blocks): accents, not letters. */
const diacritics = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+/g;

/**
 * The words of a text as request search compares them: split at everything that is not a letter or a digit,
 * lowercased, accents removed ("Pompe à chaleur N°2" → pompe, a, chaleur, n, 2), so that a search matches whatever
 * case and accents either side was typed with. Marks that are part of a script's spelling (kana voicing, Indic
 * vowel signs) stay. The same function reads subjects and searches.
 */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(diacritics, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(foldable, (letter) => foldedLetters[letter] ?? letter)
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((word) => word !== '');
}

/**
 * Whether every word of a search begins some word of `text` ("hyd pu" matches "Hydraulic pump", "pump" matches
 * "Pumps leaking", "ump" matches neither): the rule `requests.list` applies to subjects.
 */
export function matchesSearchWords(text: string, words: readonly string[]): boolean {
  const own = searchWords(text);
  return words.every((word) => own.some((candidate) => candidate.startsWith(word)));
}
