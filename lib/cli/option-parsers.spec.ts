import { InvalidArgumentError } from 'commander';
import { durationArgument, isoDateArgument, positiveNumberArgument, wholeNumberArgument } from './option-parsers';

describe('option parsers', () => {
  it('hand good values on', () => {
    expect(durationArgument('30m')).toBe(1_800_000);
    expect(isoDateArgument('2030-01-01T00:00:00Z').toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(wholeNumberArgument('0')).toBe(0);
    expect(positiveNumberArgument('25')).toBe(25);
  });

  it('turn bad values into commander usage errors', () => {
    expect(() => durationArgument('30')).toThrow(InvalidArgumentError);
    expect(() => isoDateArgument('2030-01-01T00:00:00')).toThrow(InvalidArgumentError);
    expect(() => wholeNumberArgument('-1')).toThrow(InvalidArgumentError);
    expect(() => wholeNumberArgument('1e3')).toThrow(InvalidArgumentError);
    expect(() => wholeNumberArgument('99999999999999999999')).toThrow(/too large/);
    expect(() => positiveNumberArgument('0')).toThrow(/at least 1/);
  });
});
