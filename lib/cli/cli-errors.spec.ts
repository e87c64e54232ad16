import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { CliRefusal, CliUsageError, describeError, exitCodeFor } from './cli-errors';

describe('CLI errors', () => {
  it('maps usage errors to 2 and everything else to 1', () => {
    expect(exitCodeFor(new CliUsageError('x'))).toBe(2);
    expect(exitCodeFor(new CliRefusal('x'))).toBe(1);
    expect(exitCodeFor(new ForbiddenException('no'))).toBe(1);
    expect(exitCodeFor(new Error('boom'))).toBe(1);
  });

  it('shows the message of HTTP exceptions with their status', () => {
    expect(describeError(new ForbiddenException('someone else must approve it'))).toBe('someone else must approve it (403)');
    expect(describeError(new BadRequestException(['a', 'b']))).toBe('a; b (400)');
    expect(describeError(new Error('plain'))).toBe('plain');
  });
});
