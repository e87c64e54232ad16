import { parseIsoDate } from './iso-date';

describe('parseIsoDate', () => {
  it.each([
    ['2030-01-31T22:00:00Z', '2030-01-31T22:00:00.000Z'],
    ['2030-01-31t22:00:00z', '2030-01-31T22:00:00.000Z'],
    ['2030-02-01T00:00+02:00', '2030-01-31T22:00:00.000Z'],
    ['2030-01-31T17:30:00-0430', '2030-01-31T22:00:00.000Z'],
    ['2030-02-01T01:00:00+03', '2030-01-31T22:00:00.000Z'],
    ['2030-01-31T22:00:00.123456Z', '2030-01-31T22:00:00.123Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('reads %p', (text, iso) => {
    expect(parseIsoDate(text).toISOString()).toBe(iso);
  });

  it.each(['2030-01-31T22:00:00', '2030-01-31', '2030-01-31 22:00:00Z', 'tomorrow', '', '1700000000'])('refuses %p, which has no time or no offset', (text) => {
    expect(() => parseIsoDate(text)).toThrow(/offset or Z/);
  });

  it.each([
    '2030-02-30T00:00:00Z',
    '2029-02-29T00:00:00Z',
    '2030-13-01T00:00:00Z',
    '2030-01-01T24:00:00Z',
    '2030-01-01T00:60:00Z',
    '2030-01-01T00:00:00+25:00',
  ])('refuses the impossible %p instead of rolling it over', (text) => {
    expect(() => parseIsoDate(text)).toThrow(/not a real date/);
  });
});
