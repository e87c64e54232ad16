import { ExecutionContext } from '@nestjs/common';
import { AdapterRequest } from '../interfaces/adapter-request.type';
import { MaintenanceModuleOptions } from '../interfaces/maintenance-module-options.interface';
import { resolveMaintenanceOptions } from '../options/maintenance-options.resolver';
import { decideMaintenance, graphqlRouteFacts, httpRouteFacts, MaintenanceRouteFacts, readsOnly, UNMATCHED_ROUTE } from './maintenance-decision';

const SECRET = 's3cret-value-long-enough';
const ROUTE = httpRouteFacts(null);

function request(overrides: { method?: string; url?: string; ip?: string; headers?: Record<string, string> } = {}): AdapterRequest {
  return {
    method: overrides.method ?? 'POST',
    url: overrides.url ?? '/items',
    headers: overrides.headers ?? {},
    socket: { remoteAddress: overrides.ip ?? '203.0.113.9' },
  };
}

function decide(
  mode: 'off' | 'full' | 'read-only',
  options: MaintenanceModuleOptions = {},
  given: AdapterRequest | null = request(),
  route: MaintenanceRouteFacts = ROUTE,
  context?: ExecutionContext,
) {
  const resolved = resolveMaintenanceOptions(options);
  // null stands for "no request" (a default parameter would replace undefined).
  const req = given ?? undefined;
  return decideMaintenance({ mode, exempts: null }, route, req, req !== undefined && readsOnly(resolved, req), resolved, context);
}

describe('decideMaintenance: the one decision of the guard, the Fastify hook and the catch-all', () => {
  it('passes everything while no mode is in force', () => {
    expect(decide('off')).toBe('pass');
    expect(decide('off', {}, null)).toBe('pass');
  });

  it('refuses writes and reads in full mode, only writes in read-only mode', () => {
    expect(decide('full', {}, request({ method: 'GET' }))).toBe('refuse');
    expect(decide('full', {}, request({ method: 'POST' }))).toBe('refuse');
    expect(decide('read-only', {}, request({ method: 'GET' }))).toBe('pass');
    expect(decide('read-only', {}, request({ method: 'HEAD' }))).toBe('pass');
    expect(decide('read-only', {}, request({ method: 'DELETE' }))).toBe('refuse');
  });

  it('uses readOnly.allowedMethods for what counts as a read', () => {
    const options = { readOnly: { allowedMethods: ['GET', 'REPORT'] } };
    expect(decide('read-only', options, request({ method: 'REPORT' }))).toBe('pass');
    expect(decide('read-only', options, request({ method: 'OPTIONS' }))).toBe('refuse');
  });

  it('lets @BypassMaintenance() through in the modes it names', () => {
    const every = httpRouteFacts({ modes: null });
    const readOnlyOnly = httpRouteFacts({ modes: ['read-only'] });
    expect(decide('full', {}, request(), every)).toBe('bypass');
    expect(decide('read-only', {}, request(), readOnlyOnly)).toBe('bypass');
    expect(decide('full', {}, request(), readOnlyOnly)).toBe('refuse');
  });

  it('checks the decorator before anything the request carries, and lets it through with no request at all', () => {
    const when = jest.fn(() => false);
    expect(decide('full', { bypass: { when } }, null, graphqlRouteFacts({ modes: null }))).toBe('bypass');
    expect(decide('full', { bypass: { when } }, request(), httpRouteFacts({ modes: null }))).toBe('bypass');
    expect(when).not.toHaveBeenCalled();
  });

  it('refuses a request it cannot see (a subscription over WebSockets) unless the decorator exempts it', () => {
    expect(decide('full', { bypass: { ips: ['0.0.0.0/0'], when: () => true } }, null, graphqlRouteFacts(null))).toBe('refuse');
  });

  it('lets bypass.paths through on HTTP routes and unmatched URLs, never on GraphQL operations', () => {
    const options = { bypass: { paths: ['/health'] } };
    expect(decide('full', options, request({ url: '/health' }))).toBe('bypass');
    expect(decide('full', options, request({ url: '/health?probe=1' }))).toBe('bypass');
    expect(decide('full', options, request({ url: '/health' }), UNMATCHED_ROUTE)).toBe('bypass');
    expect(decide('full', options, request({ url: '/health' }), graphqlRouteFacts(null))).toBe('refuse');
    expect(decide('full', options, request({ url: '/healthz' }))).toBe('refuse');
  });

  it('leaves unmatched URLs to the 404 in read-only mode and refuses them in full mode', () => {
    expect(decide('read-only', {}, request({ method: 'POST' }), UNMATCHED_ROUTE)).toBe('pass');
    expect(decide('full', {}, request({ method: 'GET' }), UNMATCHED_ROUTE)).toBe('refuse');
  });

  it('lets an allowed client address through, read from the socket unless a proxy is trusted', () => {
    const options = { bypass: { ips: ['10.0.0.0/8'] } };
    expect(decide('full', options, request({ ip: '10.1.2.3' }))).toBe('bypass');
    expect(decide('full', options, request({ ip: '192.0.2.1', headers: { 'x-forwarded-for': '10.1.2.3' } }))).toBe('refuse');
  });

  it('lets the secret header through, only with the exact secret', () => {
    const options = { bypass: { secret: SECRET } };
    expect(decide('full', options, request({ headers: { 'x-maintenance-bypass': SECRET } }))).toBe('bypass');
    expect(decide('full', options, request({ headers: { 'x-maintenance-bypass': `${SECRET}x` } }))).toBe('refuse');
  });

  it('asks bypass.when last, with the request and the context, and grants nothing when it throws or rejects', async () => {
    const context = {} as ExecutionContext;
    const when = jest.fn((req: AdapterRequest) => req.headers.role === 'admin');
    expect(decide('full', { bypass: { when } }, request({ headers: { role: 'admin' } }), ROUTE, context)).toBe('bypass');
    expect(when).toHaveBeenLastCalledWith(expect.objectContaining({ method: 'POST' }), context);
    expect(decide('full', { bypass: { when } }, request())).toBe('refuse');
    expect(
      decide('full', {
        bypass: {
          when: () => {
            throw new Error('predicate bug');
          },
        },
      }),
    ).toBe('refuse');
    await expect(decide('full', { bypass: { when: async () => true } })).resolves.toBe('bypass');
    await expect(decide('full', { bypass: { when: () => Promise.reject(new Error('down')) } })).resolves.toBe('refuse');
  });

  it('answers synchronously unless the predicate is async', () => {
    expect(decide('full', { bypass: { ips: ['10.0.0.0/8'], when: () => true } })).toBe('bypass');
    expect(decide('full', { bypass: { when: async () => false } })).toBeInstanceOf(Promise);
  });

  it('checks the cheap bypasses before the predicate', () => {
    const when = jest.fn(() => true);
    const options = { bypass: { paths: ['/health'], ips: ['10.0.0.0/8'], secret: SECRET, when } };
    expect(decide('full', options, request({ url: '/health' }))).toBe('bypass');
    expect(decide('full', options, request({ ip: '10.0.0.1' }))).toBe('bypass');
    expect(decide('full', options, request({ headers: { 'x-maintenance-bypass': SECRET } }))).toBe('bypass');
    expect(decide('read-only', options, request({ method: 'GET' }))).toBe('pass');
    expect(when).not.toHaveBeenCalled();
    expect(decide('full', options, request())).toBe('bypass');
    expect(when).toHaveBeenCalledTimes(1);
  });

  it('with readOnly.guardDatabase, tells a bypassed read in read-only mode (it may write) from a plain one', async () => {
    const when = jest.fn((req: AdapterRequest) => req.headers.role === 'admin');
    const guarded = { readOnly: { guardDatabase: true }, bypass: { paths: ['/health'], when } };
    const get = (extra: { url?: string; headers?: Record<string, string> } = {}) => request({ method: 'GET', ...extra });
    expect(decide('read-only', guarded, get())).toBe('pass');
    expect(decide('read-only', guarded, get({ url: '/health' }))).toBe('bypass');
    expect(decide('read-only', guarded, get({ headers: { role: 'admin' } }))).toBe('bypass');
    expect(decide('read-only', guarded, get(), httpRouteFacts({ modes: null }))).toBe('bypass');
    expect(decide('read-only', guarded, get(), httpRouteFacts({ modes: ['full'] }))).toBe('pass');
    // A GraphQL query over WebSockets: no request to find a bypass on, and still a read.
    expect(decideMaintenance({ mode: 'read-only', exempts: null }, graphqlRouteFacts(null), undefined, true, resolveMaintenanceOptions(guarded))).toBe('pass');
    expect(
      decideMaintenance({ mode: 'read-only', exempts: null }, graphqlRouteFacts({ modes: null }), undefined, true, resolveMaintenanceOptions(guarded)),
    ).toBe('bypass');
    await expect(decide('read-only', { ...guarded, bypass: { when: async () => true } }, get())).resolves.toBe('bypass');
    await expect(decide('read-only', { ...guarded, bypass: { when: async () => false } }, get())).resolves.toBe('pass');
    // Writes are decided as without the option.
    expect(decide('read-only', guarded, request({ method: 'POST' }))).toBe('refuse');
    // Without it a read passes at once: no bypass is looked at.
    when.mockClear();
    expect(decide('read-only', { bypass: { when } }, get({ headers: { role: 'admin' } }))).toBe('pass');
    expect(when).not.toHaveBeenCalled();
  });

  it('uses the client address resolver it is given (the guard passes its overridable getClientIp)', () => {
    const resolved = resolveMaintenanceOptions({ bypass: { ips: ['10.0.0.0/8'] } });
    const verdict = decideMaintenance({ mode: 'full', exempts: null }, ROUTE, request({ ip: '192.0.2.1' }), false, resolved, undefined, () => '10.9.9.9');
    expect(verdict).toBe('bypass');
  });
});
