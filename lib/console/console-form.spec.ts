import { field, instantOf, lines } from './console-form';

describe('console forms', () => {
  it('reads datetime-local values in the viewer’s zone, UTC without one', () => {
    expect(instantOf('2030-01-31T22:00', 'Europe/Berlin')).toBe('2030-01-31T21:00:00.000Z');
    expect(instantOf('2030-01-31T22:00', '')).toBe('2030-01-31T22:00:00.000Z');
    expect(instantOf('2030-01-31T22:00', 'Not/AZone')).toBe('2030-01-31T22:00:00.000Z');
    expect(instantOf('', 'UTC')).toBeUndefined();
    expect(instantOf('tomorrow', 'UTC')).toBe('tomorrow');
  });

  it('takes single text values only, and textarea lines', () => {
    expect(field({ a: 'x', b: ['x', 'y'], c: { d: 1 } }, 'a')).toBe('x');
    expect(field({ b: ['x', 'y'] }, 'b')).toBe('');
    expect(field(null, 'a')).toBe('');
    expect(lines(' 10.0.0.0/8 \r\n\n/admin/** ')).toEqual(['10.0.0.0/8', '/admin/**']);
  });
});
