import { ExecutionContext, ForbiddenException, HttpException, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MaintenanceAdminOptions } from '../interfaces/maintenance-module-options.interface';
import { MAINTENANCE_ACTION_KEY } from '../maintenance.internal-constants';
import { resolveMaintenanceOptions } from '../options/maintenance-options.resolver';
import { MaintenanceAdminGuard } from './maintenance-admin.guard';

function handlerFor(action: string) {
  const handler = () => undefined;
  Reflect.defineMetadata(MAINTENANCE_ACTION_KEY, action, handler);
  return handler;
}

function contextFor(request: object, action = 'toggle'): ExecutionContext {
  return {
    getHandler: () => handlerFor(action),
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

const guardWith = (admin: MaintenanceAdminOptions) => new MaintenanceAdminGuard(new Reflector(), resolveMaintenanceOptions({ admin }));

async function refusal(guard: MaintenanceAdminGuard, request: object): Promise<HttpException> {
  try {
    await guard.canActivate(contextFor({ method: 'POST', url: '/maintenance/toggle', ...request }));
  } catch (error) {
    return error as HttpException;
  }
  throw new Error('the guard let the request through');
}

describe('MaintenanceAdminGuard: answers speak to the caller, the log names the option', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('closed admin API: 403 that names no option', async () => {
    const error = await refusal(guardWith({}), { headers: {} });
    expect(error).toBeInstanceOf(ForbiddenException);
    expect(error.message).not.toMatch(/options?\.|authorize|MaintenanceModule/);
    expect(error.message).toMatch(/admin API/i);
  });

  it('no actor: 401 in words a client can act on; the option name goes to the server log, once', async () => {
    const guard = guardWith({ authorize: () => true, actor: () => undefined });
    const first = await refusal(guard, { headers: {} });
    const second = await refusal(guard, { headers: {} });
    for (const error of [first, second]) {
      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.message).not.toMatch(/options?\.|actor\b|MaintenanceModule/);
      expect(error.message).toMatch(/who is making/i);
    }
    const logged = warn.mock.calls.map((call) => String(call[0]));
    expect(logged.filter((line) => line.includes('admin.actor'))).toHaveLength(1);
  });

  it('an actor and authorize: lets the request through and keeps the trimmed name', async () => {
    const request: Record<string | symbol, unknown> = { method: 'POST', url: '/maintenance/toggle', headers: { 'x-user': ' alice ' } };
    const guard = guardWith({
      authorize: (req) => req.headers['x-user'] !== undefined,
      actor: (req) => (typeof req.headers['x-user'] === 'string' ? req.headers['x-user'] : undefined),
    });
    await expect(guard.canActivate(contextFor(request))).resolves.toBe(true);
    expect(Object.getOwnPropertySymbols(request).map((symbol) => request[symbol])).toEqual(['alice']);
  });
});
