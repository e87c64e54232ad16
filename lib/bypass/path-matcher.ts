import picomatch from 'picomatch';
import { optionError } from '../maintenance.messages';

/** Tells whether a path (with prefix, without query string) is one of the configured patterns. */
export type PathMatcher = (path: string) => boolean;

const GLOB_CHARS = /[*?[\]{}()!+@]/;
/** Distinct paths whose answer is remembered. */
const PATH_CACHE_SIZE = 1024;

/**
 * Compiles `bypass.paths` once at start-up: exact strings go into a Set (one lookup), globs become
 * RegExps through picomatch, RegExps are kept. Throws, naming the entry, on anything else.
 */
export function compilePathMatcher(patterns: readonly (string | RegExp)[] | undefined, option = 'bypass.paths'): PathMatcher {
  if (patterns === undefined) return () => false;
  if (!Array.isArray(patterns)) throw optionError(option, 'must be an array of strings and RegExps');
  const exact = new Set<string>();
  const regexps: RegExp[] = [];
  patterns.forEach((pattern, index) => {
    const name = `${option}[${index}]`;
    if (pattern instanceof RegExp) {
      regexps.push(new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')));
      return;
    }
    if (typeof pattern !== 'string' || pattern.length === 0) {
      throw optionError(name, 'must be a non-empty string or a RegExp');
    }
    if (!pattern.startsWith('/')) throw optionError(name, `"${pattern}" must start with "/"`);
    if (!GLOB_CHARS.test(pattern)) {
      exact.add(stripTrailingSlash(pattern));
      return;
    }
    try {
      regexps.push(picomatch.makeRe(pattern, { dot: true, strictBrackets: true }));
    } catch (error) {
      throw optionError(name, `"${pattern}" is not a valid glob (${(error as Error).message})`);
    }
  });
  if (exact.size === 0 && regexps.length === 0) return () => false;
  const combined = combine(regexps);
  if (combined.length === 0) return (path) => exact.has(stripTrailingSlash(path));
  // Glob RegExps from picomatch take microseconds per test; the paths a site serves repeat, so answers
  // are remembered. Bounded: a flood of distinct URLs only empties the cache now and then.
  const answers = new Map<string, boolean>();
  return (path) => {
    let answer = answers.get(path);
    if (answer === undefined) {
      answer = exact.has(stripTrailingSlash(path)) || combined.some((re) => re.test(path));
      if (answers.size >= PATH_CACHE_SIZE) answers.clear();
      answers.set(path, answer);
    }
    return answer;
  };
}

/**
 * Patterns with the same flags become one alternation, so a path is tested once per flag set rather than
 * once per pattern (the guard does this on every request in maintenance).
 */
function combine(regexps: RegExp[]): RegExp[] {
  const byFlags = new Map<string, string[]>();
  const apart: RegExp[] = [];
  for (const re of regexps) {
    // Back-references count groups; next to other patterns they would point at the wrong one.
    if (/\\[1-9]|\\k</.test(re.source)) apart.push(re);
    else byFlags.set(re.flags, [...(byFlags.get(re.flags) ?? []), `(?:${re.source})`]);
  }
  return [...[...byFlags].map(([flags, sources]) => new RegExp(sources.join('|'), flags)), ...apart];
}

function stripTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
