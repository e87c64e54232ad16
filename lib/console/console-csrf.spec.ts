import { csrfCookieHeader, csrfProblem, newCsrfToken } from './console-csrf';

const token = newCsrfToken();
const request = (headers: Record<string, string>) => ({ headers: { host: 'app.test', cookie: `other=1; nm_console_csrf=${token}`, ...headers } });

describe('console CSRF', () => {
  it('accepts the console’s own form: same origin, the cookie’s token in the form', () => {
    expect(csrfProblem(request({ origin: 'https://app.test', 'sec-fetch-site': 'same-origin' }), token)).toBeNull();
    expect(csrfProblem(request({}), token)).toBeNull();
  });

  it('refuses a post from another site, or without the token, or with another one', () => {
    expect(csrfProblem(request({ origin: 'https://evil.test' }), token)).toContain('another site');
    expect(csrfProblem(request({ 'sec-fetch-site': 'cross-site' }), token)).toContain('another site');
    expect(csrfProblem(request({ origin: 'null' }), token)).toContain('another site');
    expect(csrfProblem(request({}), undefined)).toContain('token');
    expect(csrfProblem(request({}), newCsrfToken())).toContain('token');
    expect(csrfProblem({ headers: { host: 'app.test' } }, token)).toContain('token');
  });

  it('sets an HttpOnly, SameSite=Strict cookie scoped to the console', () => {
    expect(csrfCookieHeader(token, '/maintenance/console', true)).toBe(
      `nm_console_csrf=${token}; Path=/maintenance/console; HttpOnly; SameSite=Strict; Secure`,
    );
  });
});
