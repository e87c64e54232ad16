import fc from 'fast-check';
import { chooseLocale, createLocaleChooser } from './choose-locale';

describe('chooseLocale', () => {
  const available = ['en', 'de', 'fr', 'es'];
  const choose = (header: unknown) => chooseLocale(header, available, 'en');

  it('gives the fallback for an absent, non-string, empty or unparseable header', () => {
    for (const header of [undefined, null, 42, {}, ['de'], '', '   ', ',,,', ';q=1', 'garbage;;==,,', 'en;q=abc']) {
      expect(chooseLocale(header, available, 'es')).toBe('es');
    }
  });

  it('matches a regional tag to its language, and the other way round', () => {
    expect(choose('de-CH')).toBe('de');
    expect(choose('de-DE,de;q=0.9')).toBe('de');
    expect(chooseLocale('de', ['en-US', 'de-DE'], 'en-US')).toBe('de-DE');
    // A region of another language is no match.
    expect(chooseLocale('en-GB', ['en-US', 'fr'], 'fr')).toBe('fr');
  });

  it('prefers the exact tag to the language, and the language to another region of it', () => {
    expect(chooseLocale('de-CH', ['de-DE', 'de', 'de-CH'], 'en')).toBe('de-CH');
    expect(chooseLocale('de-CH', ['de-DE', 'de'], 'en')).toBe('de');
  });

  it('matches case-insensitively and returns the entry exactly as given', () => {
    expect(choose('DE-ch')).toBe('de');
    expect(chooseLocale('pt-br', ['en', 'pt-BR'], 'en')).toBe('pt-BR');
  });

  it('honours q-values, then the order of the header', () => {
    expect(choose('fr;q=0.5, de;q=0.9')).toBe('de');
    expect(choose('ja, fr;q=0.5, es;q=0.7')).toBe('es');
    expect(choose('de-CH, fr')).toBe('de');
    expect(choose('fr, de;q=0')).toBe('fr');
    expect(chooseLocale('de;q=0', available, 'fr')).toBe('fr');
  });

  it('reads * as "anything": the fallback', () => {
    expect(chooseLocale('*', available, 'fr')).toBe('fr');
    expect(chooseLocale('de, *;q=0.5', available, 'fr')).toBe('de');
    expect(chooseLocale('*, de;q=0.5', available, 'fr')).toBe('fr');
  });

  it('gives the fallback for a language it does not have, even one outside the list', () => {
    expect(choose('ja, zh;q=0.9')).toBe('en');
    expect(chooseLocale('ja', ['de'], 'en')).toBe('en');
  });

  it('ignores headers longer than 1 KB without reading them', () => {
    expect(choose('de,' + 'x'.repeat(1100))).toBe('en');
    expect(choose('de;q=1,' + 'fr-FR;q=0.5,'.repeat(1000))).toBe('en');
  });

  it('is not fooled by names of Object.prototype', () => {
    for (const header of ['constructor', '__proto__', 'toString', 'hasOwnProperty-x']) expect(choose(header)).toBe('en');
  });

  describe('createLocaleChooser', () => {
    it('answers as chooseLocale, and again the same from its cache', () => {
      const chooser = createLocaleChooser(available, 'en');
      expect(chooser('de-CH')).toBe('de');
      expect(chooser('de-CH')).toBe('de');
      expect(chooser('fr;q=0.5, es;q=0.9')).toBe('es');
    });

    it('keeps answering right once its cache has been cleared (more than 512 headers)', () => {
      const chooser = createLocaleChooser(available, 'en');
      for (let i = 0; i < 1500; i++) expect(chooser(`x${i}, ${available[i % 4]};q=0.5`)).toBe(available[i % 4]);
      expect(chooser('es-MX')).toBe('es');
    });

    it('copies the list: changing the array afterwards changes nothing', () => {
      const languages = ['en', 'de'];
      const chooser = createLocaleChooser(languages, 'en');
      languages[1] = 'fr';
      expect(chooser('de')).toBe('de');
      expect(chooser('fr')).toBe('en');
    });
  });

  it('always answers one of the languages or the fallback, and never throws, whatever the header', () => {
    const tag = fc.constantFrom('en', 'de', 'DE-ch', 'fr-FR', 'es-419', 'pt-BR', '*', 'x-klingon', 'q', '');
    const structured = fc
      .array(fc.tuple(tag, fc.option(fc.oneof(fc.double(), fc.string({ maxLength: 4 })), { nil: undefined })), { maxLength: 6 })
      .map((entries) => entries.map(([t, q]) => (q === undefined ? t : `${t};q=${q}`)).join(', '));
    const lists = fc.array(fc.oneof(fc.constantFrom('en', 'de', 'de-CH', 'FR', 'es'), fc.string({ maxLength: 6 })), { maxLength: 5 });
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), structured, fc.string({ minLength: 1000, maxLength: 1100 })),
        lists,
        fc.string(),
        (header, list, fallback) => {
          const answer = chooseLocale(header, list, fallback);
          expect([...list, fallback]).toContain(answer);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
