import { MAINTENANCE_LIMITS } from '../maintenance.limits';

/** BCP 47 language tags as browsers send them: `de`, `de-CH`, `zh-Hant-TW` (letters and digits, hyphen-separated). */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

/** How a language tag is described in messages. */
export const LANGUAGE_TAG_TEXT = 'a language tag such as "de" or "de-CH"';

/** Whether `value` is a language tag of at most `MAINTENANCE_LIMITS.languageTag` characters. */
export function isLanguageTag(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAINTENANCE_LIMITS.languageTag && LANGUAGE_TAG.test(value);
}
