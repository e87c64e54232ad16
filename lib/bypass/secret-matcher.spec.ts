import { compileSecretMatcher } from './secret-matcher';

describe('compileSecretMatcher', () => {
  const matches = compileSecretMatcher('a-long-enough-secret');

  it('accepts the secret only', () => {
    expect(matches('a-long-enough-secret')).toBe(true);
    expect(matches('a-long-enough-secreT')).toBe(false);
    expect(matches('a-long-enough-secret-and-more')).toBe(false);
    expect(matches('')).toBe(false);
    expect(matches(undefined)).toBe(false);
    expect(matches(['a-long-enough-secret'])).toBe(false);
  });

  it('refuses short secrets at start-up', () => {
    expect(() => compileSecretMatcher('short')).toThrow(/bypass\.secret/);
  });
});
