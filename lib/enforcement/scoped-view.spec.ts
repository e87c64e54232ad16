import { AdapterRequest } from '../interfaces/adapter-request.type';
import { resolveMaintenanceOptions } from '../options/maintenance-options.resolver';
import { computeSnapshot, CandidateWindow } from '../state/maintenance-snapshot';
import { graphqlRouteFacts, httpRouteFacts, UNMATCHED_ROUTE } from './maintenance-decision';
import { hostOf, viewFor } from './scoped-view';

const NOW = Date.UTC(2030, 0, 1, 12);
const inForce = (id: string, mode: 'full' | 'read-only', scope: string | null): CandidateWindow => ({
  id,
  mode,
  message: id,
  status: 'active',
  // The whole app's window started first: a scope's message is its own (the latest started speaks).
  startsAt: new Date(scope === null ? NOW - 1000 : NOW - 500),
  endsAt: null,
  scope,
});
const options = resolveMaintenanceOptions({ scopes: { reports: { paths: ['/reports/**'] }, partners: { hosts: ['Partners.example.test'] } } });
const req = (url: string, host = 'shop.example.test') => ({ url, method: 'GET', headers: { host } }) as unknown as AdapterRequest;

describe('viewFor: what applies to one request', () => {
  const snapshot = computeSnapshot(
    [
      inForce('app', 'read-only', null),
      inForce('search', 'full', 'search'),
      inForce('checkout', 'read-only', 'checkout'),
      inForce('reports', 'full', 'reports'),
      inForce('partners', 'full', 'partners'),
    ],
    NOW,
    0,
    options.scopes,
  );

  it("gives a route outside every scope the whole app's state", () => {
    expect(viewFor(snapshot, httpRouteFacts(null), req('/items'))).toBe(snapshot);
  });

  it('gives a tagged route its scope, the strongest when it has several', () => {
    expect(viewFor(snapshot, httpRouteFacts(null, ['checkout']), req('/x')).message).toBe('checkout');
    expect(viewFor(snapshot, httpRouteFacts(null, ['checkout', 'search']), req('/x')).mode).toBe('full');
    expect(viewFor(snapshot, httpRouteFacts(null, ['unknown']), req('/x'))).toBe(snapshot);
  });

  it('selects by path (not for GraphQL operations) and by host', () => {
    expect(viewFor(snapshot, httpRouteFacts(null), req('/reports/daily')).message).toBe('reports');
    expect(viewFor(snapshot, UNMATCHED_ROUTE, req('/reports/nothing-here')).message).toBe('reports');
    expect(viewFor(snapshot, graphqlRouteFacts(null), req('/reports/daily'))).toBe(snapshot);
    expect(viewFor(snapshot, graphqlRouteFacts(null), req('/graphql', 'partners.example.test:443')).message).toBe('partners');
  });

  it('reads the host without its port, lower-case, IPv6 too', () => {
    expect(hostOf(req('/', 'Shop.Example.TEST:8080'))).toBe('shop.example.test');
    expect(hostOf(req('/', '[::1]:3000'))).toBe('::1');
    expect(hostOf({ headers: {} } as AdapterRequest)).toBe('');
  });
});
