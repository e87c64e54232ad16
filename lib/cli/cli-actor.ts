import { hostname, userInfo } from 'node:os';
import { MaintenanceActorContext } from '../interfaces/maintenance-actor.interface';
import { CliUsageError } from './cli-errors';
import { cliVersion } from './cli-version';

/**
 * Who is acting: `--actor`, else the operating-system user. The audit entry records source `cli`, and
 * the host in place of a user agent, so an entry tells which machine the command ran on.
 * @throws CliUsageError when no name can be found (e.g. a container user without a passwd entry).
 */
export function cliActorContext(actor: string | undefined, env: NodeJS.ProcessEnv = process.env): MaintenanceActorContext {
  const name = (actor ?? osUser(env))?.trim();
  if (!name) throw new CliUsageError('Cannot tell who you are: pass --actor <name>.');
  return { actor: name, source: 'cli', ip: null, userAgent: `nestjs-maintenance-cli/${cliVersion()} on ${hostname()}` };
}

function osUser(env: NodeJS.ProcessEnv): string | undefined {
  try {
    return userInfo().username;
  } catch {
    // userInfo() throws when the uid has no passwd entry, as in many containers.
    return env.USER ?? env.LOGNAME;
  }
}
