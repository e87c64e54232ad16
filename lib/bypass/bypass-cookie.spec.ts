import { createBypassCookie } from './bypass-cookie';

describe('createBypassCookie', () => {
  const cookie = createBypassCookie('a-long-enough-link-secret', 'bypass', 60);
  const request = (value: string) => ({ headers: { cookie: `other=1; bypass=${value}; x=y` } });

  it('accepts what it issued until it expires', () => {
    const value = cookie.issue(1_000);
    expect(cookie.verify(request(value), 1_000)).toBe(true);
    expect(cookie.verify(request(value), 60_999)).toBe(true);
    expect(cookie.verify(request(value), 61_000)).toBe(false);
  });

  it('refuses forged, extended, foreign and malformed values', () => {
    const value = cookie.issue(1_000);
    const [expires, mac] = value.split('.');
    expect(cookie.verify(request(`${Number(expires) + 1000}.${mac}`), 1_000)).toBe(false);
    const flipped = (mac[0] === 'A' ? 'B' : 'A') + mac.slice(1);
    expect(cookie.verify(request(`${expires}.${flipped}`), 1_000)).toBe(false);
    expect(cookie.verify(request(createBypassCookie('another-long-link-secret', 'bypass', 60).issue(1_000)), 1_000)).toBe(false);
    expect(cookie.verify(request('garbage'), 1_000)).toBe(false);
    expect(cookie.verify({ headers: {} }, 1_000)).toBe(false);
  });
});
