import Negotiator from 'negotiator';

/**
 * Longest `Accept-Language` header read. Browsers send well under 200 characters; a longer one is not a
 * visitor's preference worth parsing on a refused request, and cannot fill the cache with large keys.
 */
const MAX_HEADER_LENGTH = 1024;

/** Answers cached per chooser. Cleared when full: simpler than LRU, and real headers repeat a lot. */
const MAX_CACHED_ANSWERS = 512;

/** Choosers kept by `chooseLocale`, one per (available, fallback). Cleared when full. */
const MAX_CHOOSERS = 32;

/**
 * Picks, for an `Accept-Language` header, the best of `available`, returned exactly as given there.
 *
 * The visitor's languages are tried by preference (q-value, then order in the header). Each one takes the
 * first entry of `available` that is the same tag (`de-CH` = `DE-ch`), else its primary language (`de-CH` →
 * `de`), else a regional form of it (`de` → `de-DE`). A `*` stands for `fallback`: it says "anything else",
 * not which. An absent, non-string, empty, unparseable or over-long (> 1 KB) header, or one that matches
 * nothing, gives `fallback`. Never throws.
 *
 * Answers are cached per header (up to 512), as this runs on every refused request: make the chooser once
 * and reuse it. `available` is copied: changing the array afterwards does not change the chooser.
 * @publicApi
 */
export function createLocaleChooser(available: readonly string[], fallback: string): (acceptLanguage: unknown) => string {
  const offered = available.filter((entry): entry is string => typeof entry === 'string' && entry !== '');
  const lowered = offered.map((entry) => entry.toLowerCase());
  const cache = new Map<string, string>();

  function best(tag: string): string | undefined {
    if (tag === '*') return fallback;
    const wanted = tag.toLowerCase();
    const primary = primaryOf(wanted);
    let index = lowered.indexOf(wanted);
    if (index === -1) index = lowered.indexOf(primary);
    if (index === -1) index = lowered.findIndex((entry) => primaryOf(entry) === wanted);
    return index === -1 ? undefined : offered[index];
  }

  function choose(header: string): string {
    try {
      // Sorted by q-value, then by order in the header; q=0 ("not this one") and bad q-values left out.
      for (const tag of new Negotiator({ headers: { 'accept-language': header } }).languages()) {
        const match = best(tag);
        if (match !== undefined) return match;
      }
    } catch {
      // A header the parser rejects says nothing usable: the fallback, as for no header.
    }
    return fallback;
  }

  return (acceptLanguage: unknown): string => {
    if (typeof acceptLanguage !== 'string' || acceptLanguage === '' || acceptLanguage.length > MAX_HEADER_LENGTH) return fallback;
    let answer = cache.get(acceptLanguage);
    if (answer === undefined) {
      answer = choose(acceptLanguage);
      if (cache.size >= MAX_CACHED_ANSWERS) cache.clear();
      cache.set(acceptLanguage, answer);
    }
    return answer;
  };
}

const choosers = new Map<string, (acceptLanguage: unknown) => string>();

/**
 * `createLocaleChooser(available, fallback)(acceptLanguage)`, with the chooser kept for the next call with
 * the same languages and fallback (compared by value, so a new array each call still hits the cache).
 * @publicApi
 */
export function chooseLocale(acceptLanguage: unknown, available: readonly string[], fallback: string): string {
  // NUL cannot appear in a language tag, so the key is unambiguous.
  const key = `${fallback}\0${available.join('\0')}`;
  let chooser = choosers.get(key);
  if (chooser === undefined) {
    chooser = createLocaleChooser(available, fallback);
    if (choosers.size >= MAX_CHOOSERS) choosers.clear();
    choosers.set(key, chooser);
  }
  return chooser(acceptLanguage);
}

/** `de-ch` → `de`; a tag without subtags is its own primary language. */
function primaryOf(tag: string): string {
  const hyphen = tag.indexOf('-');
  return hyphen === -1 ? tag : tag.slice(0, hyphen);
}

/**
 * The translation for `locale` among a window's `translations`: the same tag (any case), else one of the same
 * language (`de` for `de-CH`, or `de-AT` for `de`), else undefined.
 */
export function translationFor(translations: Readonly<Record<string, string>> | null, locale: string): string | undefined {
  if (!translations) return undefined;
  const wanted = locale.toLowerCase();
  const language = wanted.split('-')[0];
  let sameLanguage: string | undefined;
  for (const [tag, text] of Object.entries(translations)) {
    const lower = tag.toLowerCase();
    if (lower === wanted) return text;
    if (sameLanguage === undefined && lower.split('-')[0] === language) sameLanguage = text;
  }
  return sameLanguage;
}
