import { compilePathMatcher } from './path-matcher';

describe('compilePathMatcher', () => {
  const matches = compilePathMatcher(['/health', '/assets/**', '/v*/status', /^\/hooks\/\d+$/]);

  it.each([
    ['/health', true],
    ['/health/', true],
    ['/healthz', false],
    ['/assets/app.js', true],
    ['/assets/img/logo.png', true],
    ['/v1/status', true],
    ['/v1/other', false],
    ['/hooks/12', true],
    ['/hooks/ab', false],
  ])('%s → %s', (path, expected) => {
    expect(matches(path)).toBe(expected);
  });

  it('keeps patterns with back-references apart, so their groups still mean what they say', () => {
    const withBackReference = compilePathMatcher(['/a/**', /^\/(x+)\/\1$/]);
    expect(withBackReference('/xx/xx')).toBe(true);
    expect(withBackReference('/xx/x')).toBe(false);
    expect(withBackReference('/a/b')).toBe(true);
  });

  it('gives the same answers from its cache, and stays bounded under many distinct paths', () => {
    const cached = compilePathMatcher(['/assets/**']);
    for (let i = 0; i < 5000; i++) expect(cached(`/assets/${i}.js`)).toBe(true);
    expect(cached('/assets/1.js')).toBe(true);
    expect(cached('/other')).toBe(false);
    expect(cached('/other')).toBe(false);
  });

  it('matches nothing when there are no patterns', () => {
    expect(compilePathMatcher(undefined)('/x')).toBe(false);
  });

  it('names the bad entry', () => {
    expect(() => compilePathMatcher(['/ok', 'relative'])).toThrow(/bypass\.paths\[1\]/);
    expect(() => compilePathMatcher(['/ok', 42 as unknown as string])).toThrow(/bypass\.paths\[1\]/);
  });
});
