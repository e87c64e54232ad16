import { compileIpMatcher } from '../bypass/ip-matcher';
import { compilePathMatcher } from '../bypass/path-matcher';
import { MaintenanceWindowExemptions } from '../interfaces/maintenance-scope.interface';

/** Whether the windows in force let a request through themselves, given its client address and path. */
export type WindowExemptions = (clientIp: string | undefined, path: string) => boolean;

type Exempts = (clientIp: string | undefined, path: string) => boolean;

/**
 * What the windows in force exempt: a request is let through only when each of them exempts it (by address or by
 * path), so one window's exemptions never open what another window closes. Null when one of them exempts nobody:
 * then no request is exempt, and the guard skips the check.
 */
export function compileWindowExemptions(windows: readonly { exemptions?: MaintenanceWindowExemptions | null }[]): WindowExemptions | null {
  const each: Exempts[] = [];
  for (const window of windows) {
    const exempts = window.exemptions ? compileOne(window.exemptions) : null;
    if (exempts === null) return null;
    each.push(exempts);
  }
  if (each.length === 0) return null;
  if (each.length === 1) return each[0];
  return (clientIp, path) => each.every((exempts) => exempts(clientIp, path));
}

/** One window's exemptions, or null when they let nobody through (or cannot be read: stored by hand, say). */
function compileOne(exemptions: MaintenanceWindowExemptions): Exempts | null {
  const ips = exemptions.ips ?? [];
  const paths = exemptions.paths ?? [];
  if (ips.length === 0 && paths.length === 0) return null;
  try {
    const matchesIp = compileIpMatcher(ips, 'exemptions.ips');
    const matchesPath = compilePathMatcher(paths, 'exemptions.paths');
    return (clientIp, path) => matchesIp(clientIp) || matchesPath(path);
  } catch {
    return null;
  }
}
