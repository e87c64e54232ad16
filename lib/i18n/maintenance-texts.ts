/**
 * A language tag as in `Accept-Language` and `<html lang>` (BCP 47), e.g. `de` or `de-CH`. A plain string, not
 * a union: applications pass whatever their users send, and unknown tags fall back to English (see `textsFor`).
 * @publicApi
 */
export type MaintenanceLocale = string;

/**
 * The languages the module speaks out of the box. English comes first: it is the fallback for every tag no
 * built-in language matches.
 * @publicApi
 */
export const MAINTENANCE_LOCALES = ['en', 'de', 'fr', 'es'] as const;

/** One of {@link MAINTENANCE_LOCALES}. @publicApi */
export type BuiltInMaintenanceLocale = (typeof MAINTENANCE_LOCALES)[number];

/**
 * Everything the maintenance page and the JSON refusals say to visitors, in one language. Plain text, NOT
 * escaped: escape it when you put it in HTML. Sentences are whole (with their final stop) and durations are
 * formatted by `duration`, so a translation can put words in its own order.
 * @publicApi
 */
export interface MaintenanceTexts {
  /** Title of the page in full maintenance. */
  fullTitle: string;
  /** Title of the page in read-only maintenance. */
  readOnlyTitle: string;
  /** The message of full maintenance when the window sets none. */
  fullMessage: string;
  /** The message of read-only maintenance when the window sets none. */
  readOnlyMessage: string;
  /** Label before the expected end of the window (the time follows it, then a full stop). */
  expectedBack: string;
  /** That the page reloads itself, in about `duration` (from `duration()`), or `null` when unknown. */
  reloadsIn(duration: string | null): string;
  /** Asks to try again in about `duration` (from `duration()`), or `null` when unknown. */
  tryAgainIn(duration: string | null): string;
  /** Says that a refused write was not saved, and that reading goes on. */
  changeNotSaved: string;
  /** Text of the link back from a refused write. */
  goBack: string;
  /** A rough duration: seconds under 90 s, minutes under 90 min, else hours; singular or plural as needed. */
  duration(seconds: number): string;
}

/**
 * The unit of a rough duration, and the number in it. The thresholds (90 s, 90 min) keep the number at 2 or
 * more once it is in minutes or hours, so a visitor reads "2 minutes" rather than "1 minute" for 89 seconds.
 */
function roughDuration(seconds: number): { count: number; unit: 'second' | 'minute' | 'hour' } {
  if (seconds < 90) return { count: seconds, unit: 'second' };
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return { count: minutes, unit: 'minute' };
  return { count: Math.round(minutes / 60), unit: 'hour' };
}

/**
 * `duration()` for a language: `forms[unit]` is [singular, plural], `isOne` the language's "one" plural rule
 * (from CLDR). Written out rather than `Intl.PluralRules`, so the words do not depend on the ICU data Node
 * was built with.
 */
function durationIn(forms: Record<'second' | 'minute' | 'hour', readonly [string, string]>, isOne: (count: number) => boolean) {
  return (seconds: number): string => {
    const { count, unit } = roughDuration(seconds);
    return `${count} ${forms[unit][isOne(count) ? 0 : 1]}`;
  };
}

/** English, German and Spanish: only exactly 1 is singular ("1 second", "0 seconds", "1.5 seconds"). */
const exactlyOne = (count: number) => count === 1;
/** French: 0 and 1, and anything below 2, are singular ("0 seconde", "1,5 seconde"). */
const belowTwo = (count: number) => count >= 0 && count < 2;

const EN: MaintenanceTexts = {
  fullTitle: 'Down for maintenance',
  readOnlyTitle: 'Read-only maintenance',
  fullMessage: 'We are performing maintenance and will be back shortly.',
  readOnlyMessage: 'The service is read-only during maintenance: changes cannot be saved right now.',
  expectedBack: 'Expected back:',
  reloadsIn: (duration) => `This page reloads by itself ${duration ? `in about ${duration}` : 'later'}.`,
  tryAgainIn: (duration) => `Please try again ${duration ? `in about ${duration}` : 'later'}.`,
  changeNotSaved: 'Your change was not saved. You can keep browsing, and try again later.',
  goBack: 'Go back',
  duration: durationIn({ second: ['second', 'seconds'], minute: ['minute', 'minutes'], hour: ['hour', 'hours'] }, exactlyOne),
};

// German: formal "Sie". "in etwa" takes the dative, whose plural forms here equal the nominative ones.
const DE: MaintenanceTexts = {
  fullTitle: 'Wegen Wartungsarbeiten nicht verfügbar',
  readOnlyTitle: 'Wartung: nur Lesezugriff',
  fullMessage: 'Wir führen gerade Wartungsarbeiten durch und sind in Kürze wieder für Sie da.',
  readOnlyMessage: 'Während der Wartung ist der Dienst schreibgeschützt: Änderungen können gerade nicht gespeichert werden.',
  expectedBack: 'Voraussichtlich wieder verfügbar:',
  reloadsIn: (duration) => (duration ? `Diese Seite lädt sich in etwa ${duration} von selbst neu.` : 'Diese Seite lädt sich später von selbst neu.'),
  tryAgainIn: (duration) => (duration ? `Bitte versuchen Sie es in etwa ${duration} erneut.` : 'Bitte versuchen Sie es später erneut.'),
  changeNotSaved: 'Ihre Änderung wurde nicht gespeichert. Sie können sich weiter umsehen und es später erneut versuchen.',
  goBack: 'Zurück',
  duration: durationIn({ second: ['Sekunde', 'Sekunden'], minute: ['Minute', 'Minuten'], hour: ['Stunde', 'Stunden'] }, exactlyOne),
};

// French: "vous"; a no-break space (U+00A0) before a colon, as French typography wants, so it never starts a
// line; the typographic apostrophe (’), which also needs no HTML escape.
const FR: MaintenanceTexts = {
  fullTitle: 'Maintenance en cours',
  readOnlyTitle: 'Maintenance\u00a0: lecture seule',
  fullMessage: 'Nous effectuons actuellement une maintenance et serons de retour très prochainement.',
  readOnlyMessage: 'Le service est en lecture seule pendant la maintenance\u00a0: les modifications ne peuvent pas être enregistrées pour le moment.',
  expectedBack: 'Retour prévu\u00a0:',
  reloadsIn: (duration) => (duration ? `Cette page se rechargera d’elle-même dans environ ${duration}.` : 'Cette page se rechargera d’elle-même plus tard.'),
  tryAgainIn: (duration) => (duration ? `Veuillez réessayer dans environ ${duration}.` : 'Veuillez réessayer plus tard.'),
  changeNotSaved: 'Votre modification n’a pas été enregistrée. Vous pouvez continuer à naviguer et réessayer plus tard.',
  goBack: 'Retour',
  duration: durationIn({ second: ['seconde', 'secondes'], minute: ['minute', 'minutes'], hour: ['heure', 'heures'] }, belowTwo),
};

// Spanish: "usted". "aproximadamente" rather than "unos/unas", which would have to agree with the unit
// ("unos minutos", "unas horas", "un segundo").
const ES: MaintenanceTexts = {
  fullTitle: 'Fuera de servicio por mantenimiento',
  readOnlyTitle: 'Mantenimiento: solo lectura',
  fullMessage: 'Estamos realizando tareas de mantenimiento y volveremos en breve.',
  readOnlyMessage: 'El servicio está en modo de solo lectura durante el mantenimiento: por ahora no se pueden guardar los cambios.',
  expectedBack: 'Regreso previsto:',
  reloadsIn: (duration) =>
    duration ? `Esta página se recargará automáticamente en aproximadamente ${duration}.` : 'Esta página se recargará automáticamente más tarde.',
  tryAgainIn: (duration) => (duration ? `Vuelva a intentarlo en aproximadamente ${duration}.` : 'Vuelva a intentarlo más tarde.'),
  changeNotSaved: 'Su cambio no se ha guardado. Puede seguir navegando y volver a intentarlo más tarde.',
  goBack: 'Volver',
  duration: durationIn({ second: ['segundo', 'segundos'], minute: ['minuto', 'minutos'], hour: ['hora', 'horas'] }, exactlyOne),
};

/**
 * The texts the module ships, by language. Frozen: they are shared by every request, and an application that
 * wants other words passes its own texts rather than editing these.
 * @publicApi
 */
export const BUILT_IN_TEXTS: Readonly<Record<BuiltInMaintenanceLocale, MaintenanceTexts>> = Object.freeze({
  en: Object.freeze(EN),
  de: Object.freeze(DE),
  fr: Object.freeze(FR),
  es: Object.freeze(ES),
});

/**
 * The built-in language for a tag: the tag itself (`de`, `DE`), else its primary language (`de-CH`, `de_CH`
 * → `de`), else `undefined`. Case-insensitive, as language tags are. Own keys only, so a tag like
 * `constructor` or `__proto__` matches nothing.
 * @publicApi
 */
export function builtInLocaleOf(locale: string | null | undefined): BuiltInMaintenanceLocale | undefined {
  if (typeof locale !== 'string' || locale === '') return undefined;
  const primary = locale.split(/[-_]/, 1)[0].toLowerCase();
  return Object.prototype.hasOwnProperty.call(BUILT_IN_TEXTS, primary) ? (primary as BuiltInMaintenanceLocale) : undefined;
}

/**
 * The built-in texts for a language tag (see `builtInLocaleOf`): `de-CH` gets German. English for an absent
 * or unknown tag, so a visitor always gets a page rather than an error.
 * @publicApi
 */
export function textsFor(locale: string | null | undefined): MaintenanceTexts {
  return BUILT_IN_TEXTS[builtInLocaleOf(locale) ?? 'en'];
}
