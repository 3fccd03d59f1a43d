import { describe, expect, it } from 'vitest';
import { hasControlCharacters, headerSafe } from './header-safe.ts';

describe('headerSafe', () => {
  it('turns CR, LF and CRLF into a single space so no header can be injected', () => {
    const subject = headerSafe('Pump broken\r\nBcc: attacker@example.com');
    expect(subject).toBe('Pump broken Bcc: attacker@example.com');
    expect(subject).not.toMatch(/[\r\n]/);
    expect(headerSafe('a\rb\nc')).toBe('a b c');
  });

  it('replaces other C0 controls, DEL and C1 controls (incl. NEL)', () => {
    expect(headerSafe('a\u0000b\u0007c\u001bd\u007fe\u0085f\u009fg')).toBe('a b c d e f g');
  });

  it('replaces the Unicode line and paragraph separators', () => {
    expect(headerSafe('one\u2028two\u2029three')).toBe('one two three');
  });

  it('collapses whitespace runs (tabs, NBSP, ideographic space) and trims', () => {
    expect(headerSafe('  a \t\t b\u00a0\u00a0c\u3000d  \n')).toBe('a b c d');
  });

  it('leaves ordinary text, accents and emoji alone', () => {
    expect(headerSafe('Pompe à chaleur – fuite 🔧')).toBe('Pompe à chaleur – fuite 🔧');
  });

  it('returns an empty string for whitespace and controls only', () => {
    expect(headerSafe(' \r\n\t ')).toBe('');
  });

  it('truncates to maxLength including the ellipsis', () => {
    const result = headerSafe('x'.repeat(500));
    expect(result).toHaveLength(200);
    expect(result.endsWith('…')).toBe(true);
    expect(headerSafe('abcdefghij', 5)).toBe('abcd…');
  });

  it('does not truncate a value of exactly maxLength', () => {
    expect(headerSafe('abcde', 5)).toBe('abcde');
  });

  it('measures length after cleaning, so stripped characters do not count', () => {
    expect(headerSafe('ab\r\n\r\n\r\ncd', 5)).toBe('ab cd');
  });

  it('does not leave a space before the ellipsis', () => {
    expect(headerSafe('abc defgh', 5)).toBe('abc…');
  });

  it('never splits a surrogate pair or an emoji sequence', () => {
    const family = '👩‍👩‍👧';
    const result = headerSafe(`ab${family}cd`, 6);
    expect(result).toBe('ab…');
    expect(headerSafe('a😀😀😀', 4)).toBe('a😀…');
  });

  it('rejects a non-positive or fractional maxLength', () => {
    expect(() => headerSafe('x', 0)).toThrow(RangeError);
    expect(() => headerSafe('x', 1.5)).toThrow(RangeError);
  });
});

describe('hasControlCharacters', () => {
  it('detects line breaks and controls but not spaces', () => {
    expect(hasControlCharacters('a\nb')).toBe(true);
    expect(hasControlCharacters('a\u2028b')).toBe(true);
    expect(hasControlCharacters('a b')).toBe(false);
  });
});
