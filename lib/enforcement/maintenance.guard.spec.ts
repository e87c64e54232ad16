import { ExecutionContext, Logger } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { GraphQLError } from 'graphql';
import { BypassMaintenance } from './bypass-maintenance.decorator';
import { MaintenanceModuleOptions } from '../interfaces/maintenance-module-options.interface';
import { resolveMaintenanceOptions } from '../options/maintenance-options.resolver';
import { computeSnapshot } from '../state/maintenance-snapshot';
import { MaintenanceStateService } from '../state/maintenance-state.service';
import { MaintenanceGuard } from './maintenance.guard';
import { EventEmitter } from 'node:events';
import { InFlightWrites } from '../state/in-flight-writes';

class PlainResolver {
  handler() {}
}

@BypassMaintenance()
class BypassedResolver {
  handler() {}
}

function guardIn(mode: 'off' | 'full' | 'read-only', options: MaintenanceModuleOptions = {}) {
  const windows = mode === 'off' ? [] : [{ id: 'w', mode, message: null, startsAt: new Date(Date.now() - 1000), endsAt: null, status: 'active' as const }];
  const state = { snapshot: computeSnapshot(windows, Date.now(), 0) } as MaintenanceStateService;
  const setHeader = jest.fn((response: { headers: Record<string, string> }, name: string, value: string) => {
    response.headers[name] = value;
  });
  const adapterHost = { httpAdapter: { setHeader } } as unknown as HttpAdapterHost;
  return new MaintenanceGuard(state, new Reflector(), adapterHost, resolveMaintenanceOptions(options));
}

/** A context of `type` whose arguments are those of a resolver: `[root, args, ctx, info]`. */
function contextOf(type: string, ctx: unknown = {}, operation = 'query', target: new () => { handler(): void } = PlainResolver) {
  const args = [undefined, {}, ctx, { operation: { operation } }];
  return {
    getType: jest.fn(() => type),
    getClass: () => target,
    getHandler: () => target.prototype.handler,
    getArgs: () => args,
    getArgByIndex: (index: number) => args[index],
    switchToHttp: () => {
      throw new Error(`switchToHttp() called for a ${type} context`);
    },
  } as unknown as ExecutionContext & { getType: jest.Mock };
}

function thrown(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected the guard to throw');
}

describe('MaintenanceGuard outside HTTP', () => {
  it('returns at once when maintenance is off: with `fleet: false` before even asking the context type', () => {
    const context = contextOf('graphql', {}, 'mutation');
    expect(guardIn('off', { fleet: false }).canActivate(context)).toBe(true);
    expect(context.getType).not.toHaveBeenCalled();
    // With the fleet (the default) it asks the type, and counts only HTTP writes.
    expect(guardIn('off').canActivate(context)).toBe(true);
    expect(context.getType).toHaveBeenCalledTimes(1);
  });

  it('notes the HTTP writes it lets through while maintenance is off, for a drain to wait for until they close', () => {
    const guard = guardIn('off');
    const state = (guard as unknown as { state: MaintenanceStateService }).state as { writes?: InFlightWrites };
    state.writes = new InFlightWrites();
    const response = new EventEmitter();
    const http = (method: string, res: object) =>
      ({
        getType: () => 'http',
        getClass: () => PlainResolver,
        getHandler: () => PlainResolver.prototype.handler,
        getArgByIndex: (index: number) => [{ method, headers: {} }, res][index],
      }) as unknown as ExecutionContext;
    expect(guard.canActivate(http('POST', response))).toBe(true);
    expect(guard.canActivate(http('GET', new EventEmitter()))).toBe(true);
    expect(guard.canActivate(http('PATCH', { raw: response }))).toBe(true); // Fastify: the reply's raw response
    state.writes.beginDrain();
    expect(state.writes.size).toBe(2);
    response.emit('close');
    expect(state.writes.size).toBe(0);
  });

  it.each(['ws', 'rpc'])('lets %s handlers pass in full mode', (type) => {
    expect(guardIn('full').canActivate(contextOf(type))).toBe(true);
  });

  it('refuses a GraphQL query in full mode and sets the headers on the response behind it', () => {
    const res = { headers: {} as Record<string, string> };
    const error = thrown(() => guardIn('full').canActivate(contextOf('graphql', { req: { method: 'POST', headers: {}, res } })));
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toEqual({ code: 'MAINTENANCE', statusCode: 503, mode: 'full', until: null, retryAfterSeconds: 300 });
    expect(res.headers).toEqual({ 'x-maintenance-mode': 'full', 'Retry-After': '300' });
  });

  it('lets GraphQL queries and subscriptions pass in read-only mode and refuses mutations', () => {
    const guard = guardIn('read-only', { readOnly: { statusCode: 423 } });
    expect(guard.canActivate(contextOf('graphql', {}, 'query'))).toBe(true);
    expect(guard.canActivate(contextOf('graphql', {}, 'subscription'))).toBe(true);
    const error = thrown(() => guard.canActivate(contextOf('graphql', {}, 'mutation')));
    expect(error.extensions).toEqual({ code: 'READ_ONLY', statusCode: 423, mode: 'read-only', until: null });
  });

  it('honours @BypassMaintenance() on a resolver class', () => {
    expect(guardIn('full').canActivate(contextOf('graphql', {}, 'mutation', BypassedResolver))).toBe(true);
  });

  it('reads the secret header and an async when predicate from ctx.req', async () => {
    const guard = guardIn('full', { bypass: { secret: 'open sesame, sixteen+ chars', when: async (req) => req.headers['x-superuser'] === 'yes' } });
    expect(guard.canActivate(contextOf('graphql', { req: { method: 'POST', headers: { 'x-maintenance-bypass': 'open sesame, sixteen+ chars' } } }))).toBe(true);
    await expect(guard.canActivate(contextOf('graphql', { req: { method: 'POST', headers: { 'x-superuser': 'yes' } } }))).resolves.toBe(true);
    await expect(guard.canActivate(contextOf('graphql', { req: { method: 'POST', headers: { 'x-superuser': 'no' } } }))).rejects.toBeInstanceOf(GraphQLError);
  });

  it('refuses an operation without a request (a subscription over WebSockets) unless the decorator exempts it', () => {
    const guard = guardIn('full', { bypass: { when: () => true } });
    const error = thrown(() => guard.canActivate(contextOf('graphql', { connectionParams: {} }, 'subscription')));
    expect(error.extensions?.code).toBe('MAINTENANCE');
    // What @nestjs/apollo really builds for graphql-ws: its context object under `req`, which is no HTTP request.
    const wrapped = thrown(() => guard.canActivate(contextOf('graphql', { req: { connectionParams: {}, extra: {} } }, 'subscription')));
    expect(wrapped.extensions?.code).toBe('MAINTENANCE');
  });

  it('warns once when an operation over HTTP has no response to mark, and not for subscriptions or while quiet', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      void guardIn('off').canActivate(contextOf('graphql', { req: { method: 'POST', headers: {} } }));
      const guard = guardIn('read-only');
      void guard.canActivate(contextOf('graphql', { req: { connectionParams: {}, extra: {} } }, 'subscription'));
      void guard.canActivate(contextOf('graphql', { req: { method: 'POST', headers: {}, res: { headers: {} } } }));
      expect(warn).not.toHaveBeenCalled();
      void guard.canActivate(contextOf('graphql', { req: { method: 'POST', headers: {} } }));
      void guard.canActivate(contextOf('graphql', { req: { method: 'POST', headers: {} } }));
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toContain('(req, reply) => ({ req, reply })');
    } finally {
      warn.mockRestore();
    }
  });
});
