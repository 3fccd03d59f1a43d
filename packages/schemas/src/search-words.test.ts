import { describe, expect, it } from 'vitest';
import { matchesSearchWords, searchWords } from './search-words.ts';

describe('searchWords', () => {
  it('splits at everything but letters and digits, and lowercases', () => {
    expect(searchWords('Leaking seal on PUMP-3 (north), 2nd time!')).toEqual([
      'leaking',
      'seal',
      'on',
      'pump',
      '3',
      'north',
      '2nd',
      'time',
    ]);
  });

  it('removes accents and other marks, in composed and decomposed text alike', () => {
    expect(searchWords('Pompe à chaleur Éléctrique')).toEqual(['pompe', 'a', 'chaleur', 'electrique']);
    expect(searchWords('Pompe a\u0300 chaleur')).toEqual(['pompe', 'a', 'chaleur']);
    expect(searchWords('Ölstand prüfen, Kühlung')).toEqual(['olstand', 'prufen', 'kuhlung']);
    expect(searchWords('İzmir şube')).toEqual(['izmir', 'sube']);
  });

  it('spells letters without a decomposition as a plain keyboard does', () => {
    expect(searchWords('Straße ẞ Æther Œuvre Ørsted Łódź þorn')).toEqual([
      'strasse',
      'ss',
      'aether',
      'oeuvre',
      'orsted',
      'lodz',
      'thorn',
    ]);
  });

  it('reads compatibility forms as their plain letters and digits', () => {
    expect(searchWords('ﬁlter Ｐｕｍｐ ②')).toEqual(['filter', 'pump', '2']);
  });

  it('keeps letters of every script', () => {
    expect(searchWords('Насос протекает')).toEqual(['насос', 'протекает']);
    expect(searchWords('ポンプ 漏れ')).toEqual(['ポンプ', '漏れ']);
    expect(searchWords('पानी पंप')).toEqual(['पानी', 'पंप']);
  });

  it('finds no word in punctuation, spaces or an empty text', () => {
    expect(searchWords(' - / !! ')).toEqual([]);
    expect(searchWords('')).toEqual([]);
  });
});

describe('matchesSearchWords', () => {
  const matches = (text: string, search: string) => matchesSearchWords(text, searchWords(search));

  it('matches a word typed as the beginning of any word of the text', () => {
    expect(matches('Pumps leaking', 'pump')).toBe(true);
    expect(matches('Hydraulic pump', 'pump')).toBe(true);
    expect(matches('Hydraulic pump', 'ump')).toBe(false);
    expect(matches('Sump pit', 'pump')).toBe(false);
  });

  it('needs every word typed, in any order, each beginning some word', () => {
    expect(matches('Hydraulic pump', 'hyd pu')).toBe(true);
    expect(matches('Hydraulic pump', 'pu hyd')).toBe(true);
    expect(matches('Hydraulic pump', 'hyd valve')).toBe(false);
    expect(matches('Hydraulic pump', 'pu pump')).toBe(true);
  });

  it('ignores case and accents on both sides', () => {
    expect(matches('Pompe à chaleur', 'POMPE A')).toBe(true);
    expect(matches('Pompe a chaleur', 'à')).toBe(true);
    expect(matches('Élévateur bloqué', 'elev bloque')).toBe(true);
  });
});
