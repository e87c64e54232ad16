import { AdapterRequest } from '../interfaces/adapter-request.type';
import { MaintenanceScopeSelector } from '../options/maintenance-options.resolver';
import { MaintenanceSnapshot } from '../state/maintenance-snapshot';
import { MaintenanceRouteFacts } from './maintenance-decision';
import { requestPath } from './request-path';

const STRENGTH = { off: 0, 'read-only': 1, full: 2 } as const;

/**
 * What applies to one request: the whole app's snapshot, or the view of a scope the request is in (by its route's
 * `@MaintenanceScope()` tags, or by path or host per the `scopes` option). A scope's view already holds the whole
 * app's windows, so any scope the request is in replaces the whole app's; between scopes, the stronger mode wins (the
 * first of equals). The work grows with the request's own tags and the scopes selected by path or host that are in
 * force, never with the number of windows.
 */
export function viewFor(snapshot: MaintenanceSnapshot, route: MaintenanceRouteFacts, request: AdapterRequest | undefined): MaintenanceSnapshot {
  const scopes = snapshot.scopes;
  if (scopes === null) return snapshot;
  let view = snapshot;
  const tags = route.scopes;
  for (let i = 0; i < tags.length; i++) {
    const candidate = scopes.byName.get(tags[i]);
    if (candidate !== undefined && (view === snapshot || STRENGTH[candidate.mode] > STRENGTH[view.mode])) view = candidate;
  }
  const selected = scopes.selected;
  if (request === undefined) return view;
  for (let i = 0; i < selected.length; i++) {
    const candidate = selected[i].view;
    if (candidate === view || (view !== snapshot && STRENGTH[candidate.mode] <= STRENGTH[view.mode])) continue;
    if (selects(selected[i].selector, request, route.pathBypass)) view = candidate;
  }
  return view;
}

/** Whether a scope's path or host selects the request (not by path for GraphQL operations: one endpoint for all). */
function selects(selector: MaintenanceScopeSelector, request: AdapterRequest, byPath: boolean): boolean {
  if (selector.hosts !== null && selector.hosts.has(hostOf(request))) return true;
  return byPath && selector.matchesPath !== null && selector.matchesPath(requestPath(request));
}

/** The request's `Host` header, lower-case, without its port (`[::1]:3000` gives `::1`). */
export function hostOf(request: AdapterRequest): string {
  const host = request.headers?.host;
  if (typeof host !== 'string') return '';
  const end = host.startsWith('[') ? host.indexOf(']') : host.indexOf(':');
  return (end === -1 ? host : host.slice(host.startsWith('[') ? 1 : 0, end)).toLowerCase();
}
