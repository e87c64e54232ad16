import { userInfo } from 'node:os';
import { cliActorContext } from './cli-actor';
import { CliUsageError } from './cli-errors';

describe('cliActorContext', () => {
  it('records the given actor with source cli and the host', () => {
    expect(cliActorContext('alice')).toMatchObject({
      actor: 'alice',
      source: 'cli',
      ip: null,
      userAgent: expect.stringMatching(/^nestjs-maintenance-cli\/\S+ on /),
    });
  });

  it('falls back to the operating-system user', () => {
    expect(cliActorContext(undefined).actor).toBe(userInfo().username);
  });

  it('refuses a blank name', () => {
    expect(() => cliActorContext('  ')).toThrow(CliUsageError);
  });
});
