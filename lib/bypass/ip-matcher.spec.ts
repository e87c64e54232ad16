import { compileIpMatcher, IP_ANSWERS_KEPT } from './ip-matcher';

describe('compileIpMatcher', () => {
  const matches = compileIpMatcher(['10.0.0.0/8', '192.168.1.7', '2001:db8::/32', '::ffff:172.16.0.0/108']);

  it.each([
    ['10.20.30.40', true],
    ['11.0.0.1', false],
    ['192.168.1.7', true],
    ['192.168.1.8', false],
    ['2001:db8::1', true],
    ['2001:db9::1', false],
    ['::ffff:10.1.1.1', true],
    ['172.16.5.5', true],
    ['not-an-ip', false],
    [undefined, false],
  ])('%s → %s', (address, expected) => {
    expect(matches(address)).toBe(expected);
  });

  it('names the bad entry', () => {
    expect(() => compileIpMatcher(['10.0.0.0/8', '10.0.0.0/33'])).toThrow(/bypass\.ips\[1\]/);
    expect(() => compileIpMatcher(['1.2.3'])).toThrow(/bypass\.ips\[0\]/);
  });

  it('answers the same for an address it has seen, however many others came between', () => {
    const fresh = compileIpMatcher(['10.0.0.0/8']);
    expect(fresh('10.0.0.1')).toBe(true);
    expect(fresh('11.0.0.1')).toBe(false);
    for (let i = 0; i < IP_ANSWERS_KEPT * 2 + 3; i++) fresh(`172.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    expect(fresh('10.0.0.1')).toBe(true);
    expect(fresh('11.0.0.1')).toBe(false);
    expect(fresh('10.255.255.255')).toBe(true);
  });
});
