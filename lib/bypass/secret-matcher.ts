import { createHash, timingSafeEqual } from 'node:crypto';
import { optionError } from '../maintenance.messages';

/** Tells whether a header value is the bypass secret. */
export type SecretMatcher = (value: string | string[] | undefined) => boolean;

/**
 * Compares in constant time: both sides are hashed to 32 bytes first, so neither the content nor the
 * length of the secret leaks through timing.
 */
export function compileSecretMatcher(secret: string | undefined, option = 'bypass.secret'): SecretMatcher {
  if (secret === undefined) return () => false;
  if (typeof secret !== 'string' || secret.length < 16) {
    throw optionError(option, 'must be a string of at least 16 characters');
  }
  const expected = digest(secret);
  return (value) => {
    if (typeof value !== 'string' || value.length === 0) return false;
    return timingSafeEqual(digest(value), expected);
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
