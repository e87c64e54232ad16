import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    [' 2H ', 7_200_000],
  ])('reads %p', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['30', '', 'm', '30x', '-5m', '1.5h', '30 m', '0m', '0h0m'])('refuses %p', (text) => {
    expect(() => parseDuration(text)).toThrow(/duration/);
  });

  it('refuses absurd lengths instead of overflowing dates', () => {
    expect(() => parseDuration('99999999999999d')).toThrow(/too long/);
  });
});
