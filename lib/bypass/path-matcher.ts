import picomatch from 'picomatch';
import { optionError } from '../maintenance.messages';

/** Tells whether a path (with prefix, without query string) is one of the configured patterns. */
export type PathMatcher = (path: string) => boolean;

const GLOB_CHARS = /[*?[\]{}()!+@]/;

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
  return (path) => {
    if (exact.has(stripTrailingSlash(path))) return true;
    for (const re of regexps) if (re.test(path)) return true;
    return false;
  };
}

function stripTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
