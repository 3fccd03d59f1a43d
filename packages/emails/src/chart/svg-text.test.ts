import { describe, expect, it } from 'vitest';
import { shorten, svgText } from './svg-text.ts';

describe('svgText', () => {
  it('escapes markup and quotes', () => {
    expect(svgText(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;y&apos;',
    );
  });

  it('drops characters XML does not allow and keeps the text on one line', () => {
    expect(svgText('Line\u0000 one\r\n\tline\u000b two\uffff')).toBe('Line one line two');
    expect(svgText('half \ud83d pair')).toBe('half pair');
    expect(svgText('whole \ud83d\udd27 pair')).toBe('whole 🔧 pair');
  });
});

describe('shorten', () => {
  it('keeps short labels and cuts long ones to the limit, ending in an ellipsis', () => {
    expect(shorten('Mechanical', 19)).toBe('Mechanical');
    expect(shorten('Hydraulics and pneumatics', 19)).toBe('Hydraulics and pne…');
    expect(shorten('Hydraulics and pneumatics', 19)).toHaveLength(19);
  });

  it('never cuts through a character made of several code points', () => {
    const flags = '🇩🇪🇫🇷🇮🇹🇪🇸';
    expect(shorten(flags, 3)).toBe('🇩🇪🇫🇷…');
    expect(shorten('Cafe\u0301 Cafe\u0301 Cafe\u0301', 5)).toBe('Cafe\u0301…');
  });

  it('cuts no trailing space before the ellipsis', () => {
    expect(shorten('Team one two', 6)).toBe('Team…');
  });
});
