import { MAINTENANCE_DEFAULTS } from '../maintenance.constants';
import { BUILT_IN_TEXTS, MAINTENANCE_LOCALES, MaintenanceTexts, builtInLocaleOf, textsFor } from './maintenance-texts';

/** Every string a set of texts produces, with a known and an unknown duration. */
function allStrings(texts: MaintenanceTexts): Record<string, string> {
  return {
    fullTitle: texts.fullTitle,
    readOnlyTitle: texts.readOnlyTitle,
    fullMessage: texts.fullMessage,
    readOnlyMessage: texts.readOnlyMessage,
    expectedBack: texts.expectedBack,
    reloadsInDuration: texts.reloadsIn(texts.duration(300)),
    reloadsInNull: texts.reloadsIn(null),
    tryAgainInDuration: texts.tryAgainIn(texts.duration(300)),
    tryAgainInNull: texts.tryAgainIn(null),
    changeNotSaved: texts.changeNotSaved,
    goBack: texts.goBack,
    duration: texts.duration(45),
  };
}

describe('built-in maintenance texts', () => {
  it('has texts for exactly the listed languages, with English first', () => {
    expect(Object.keys(BUILT_IN_TEXTS).sort()).toEqual([...MAINTENANCE_LOCALES].sort());
    expect(MAINTENANCE_LOCALES[0]).toBe('en');
  });

  it.each(MAINTENANCE_LOCALES)('%s has every key, and no empty or untrimmed string', (locale) => {
    const texts = BUILT_IN_TEXTS[locale];
    expect(Object.keys(texts).sort()).toEqual(Object.keys(BUILT_IN_TEXTS.en).sort());
    for (const [key, text] of Object.entries(allStrings(texts))) {
      expect({ key, text }).toEqual({ key, text: expect.stringMatching(/^\S(.*\S)?$/s) });
    }
  });

  it.each(MAINTENANCE_LOCALES.filter((locale) => locale !== 'en'))('%s is a translation, not English again', (locale) => {
    const english = allStrings(BUILT_IN_TEXTS.en);
    for (const [key, text] of Object.entries(allStrings(BUILT_IN_TEXTS[locale]))) expect({ key, text }).not.toEqual({ key, text: english[key] });
  });

  it.each(MAINTENANCE_LOCALES)('%s puts the duration it is given into its sentences', (locale) => {
    const texts = BUILT_IN_TEXTS[locale];
    expect(texts.reloadsIn('§42§')).toContain('§42§');
    expect(texts.tryAgainIn('§42§')).toContain('§42§');
    expect(texts.reloadsIn(null)).not.toContain('null');
    expect(texts.tryAgainIn(null)).not.toContain('null');
  });

  it('is frozen: shared by every request, nobody can change it for the others', () => {
    expect(Object.isFrozen(BUILT_IN_TEXTS)).toBe(true);
    for (const locale of MAINTENANCE_LOCALES) expect(Object.isFrozen(BUILT_IN_TEXTS[locale])).toBe(true);
  });

  it('keeps the English texts word for word', () => {
    const en = BUILT_IN_TEXTS.en;
    expect(en.fullTitle).toBe('Down for maintenance');
    expect(en.readOnlyTitle).toBe('Read-only maintenance');
    expect(en.fullMessage).toBe('We are performing maintenance and will be back shortly.');
    expect(en.readOnlyMessage).toBe('The service is read-only during maintenance: changes cannot be saved right now.');
    expect(en.expectedBack).toBe('Expected back:');
    expect(en.reloadsIn('5 minutes')).toBe('This page reloads by itself in about 5 minutes.');
    expect(en.reloadsIn(null)).toBe('This page reloads by itself later.');
    expect(en.tryAgainIn('5 minutes')).toBe('Please try again in about 5 minutes.');
    expect(en.tryAgainIn(null)).toBe('Please try again later.');
    expect(en.changeNotSaved).toBe('Your change was not saved. You can keep browsing, and try again later.');
    expect(en.goBack).toBe('Go back');
  });

  it('matches the default messages of the module in English', () => {
    expect(BUILT_IN_TEXTS.en.fullMessage).toBe(MAINTENANCE_DEFAULTS.message);
    expect(BUILT_IN_TEXTS.en.readOnlyMessage).toBe(MAINTENANCE_DEFAULTS.readOnlyMessage);
  });

  describe('duration', () => {
    it.each([
      // seconds under 90 s, minutes under 90 min, else hours: never "1 minute" or "1 hour"
      [1, '1 second', '1 Sekunde', '1 seconde', '1 segundo'],
      [45, '45 seconds', '45 Sekunden', '45 secondes', '45 segundos'],
      [89, '89 seconds', '89 Sekunden', '89 secondes', '89 segundos'],
      [90, '2 minutes', '2 Minuten', '2 minutes', '2 minutos'],
      [300, '5 minutes', '5 Minuten', '5 minutes', '5 minutos'],
      [5369, '89 minutes', '89 Minuten', '89 minutes', '89 minutos'],
      [5370, '2 hours', '2 Stunden', '2 heures', '2 horas'],
      [7200, '2 hours', '2 Stunden', '2 heures', '2 horas'],
      [86400, '24 hours', '24 Stunden', '24 heures', '24 horas'],
    ])('%s s: "%s", "%s", "%s", "%s"', (seconds, en, de, fr, es) => {
      expect(MAINTENANCE_LOCALES.map((locale) => BUILT_IN_TEXTS[locale].duration(seconds))).toEqual([en, de, fr, es]);
    });

    it('uses each language’s rule for the singular: French puts 0 in it, the others do not', () => {
      expect(MAINTENANCE_LOCALES.map((locale) => BUILT_IN_TEXTS[locale].duration(0))).toEqual(['0 seconds', '0 Sekunden', '0 seconde', '0 segundos']);
    });
  });
});

describe('textsFor', () => {
  it('gives the texts of the language, whatever the region or the case', () => {
    expect(textsFor('de')).toBe(BUILT_IN_TEXTS.de);
    expect(textsFor('de-CH')).toBe(BUILT_IN_TEXTS.de);
    expect(textsFor('DE-at')).toBe(BUILT_IN_TEXTS.de);
    expect(textsFor('fr_CA')).toBe(BUILT_IN_TEXTS.fr);
    expect(textsFor('es-419')).toBe(BUILT_IN_TEXTS.es);
    expect(textsFor('en-GB')).toBe(BUILT_IN_TEXTS.en);
  });

  it('falls back to English for an absent or unknown language', () => {
    for (const locale of [undefined, null, '', 'ja', 'x', 'deu', '-de', 'constructor', '__proto__', 'toString-x']) {
      expect(textsFor(locale)).toBe(BUILT_IN_TEXTS.en);
    }
  });

  it('says which built-in language a tag gets, if any', () => {
    expect(builtInLocaleOf('de-CH')).toBe('de');
    expect(builtInLocaleOf('ES')).toBe('es');
    expect(builtInLocaleOf('ja')).toBeUndefined();
    expect(builtInLocaleOf(undefined)).toBeUndefined();
  });
});
