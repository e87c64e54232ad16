import { Controller, Get, Injectable, MiddlewareConsumer, Module, NestMiddleware, NestModule, Post, Put, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import request from 'supertest';
import { BypassMaintenance, MaintenanceModuleOptions, MaintenanceRequest } from '../lib';
import { ItemsResolver } from './app/graphql-resolvers';
import { createTestApp, TestApp } from './utils/create-test-app';

/** Stands for an app's session middleware: it sets `user` on the request before any route runs. */
@Injectable()
class SessionMiddleware implements NestMiddleware {
  use(request: { headers: Record<string, string>; user?: unknown }, _response: unknown, next: () => void) {
    if (request.headers['x-session'] === 'root') request.user = { superuser: true };
    next();
  }
}

@Controller('docs')
class DocsController {
  /** A parameterised route: Fastify gets a wrapper of Nest's handler, not the handler itself. */
  @Put(':id')
  @BypassMaintenance()
  save() {
    return { saved: true };
  }

  @Get('tagged')
  @RouteConfig({ tag: 'kept' })
  tagged(@Req() request: { routeOptions: { config: { tag?: string } } }) {
    return { tag: request.routeOptions.config.tag };
  }

  @Post('tagged-bypassed')
  @RouteConfig({ tag: 'kept' })
  @BypassMaintenance({ modes: ['read-only'] })
  taggedBypassed(@Req() request: { routeOptions: { config: { tag?: string } } }) {
    return { tag: request.routeOptions.config.tag };
  }
}

/** Binds its handler in the constructor, as some codebases do: Nest registers the bound function. */
@Controller('bound')
class BoundController {
  constructor() {
    this.write = this.write.bind(this);
  }

  @Post()
  write() {
    return { written: true };
  }
}

@Module({ controllers: [DocsController, BoundController], providers: [SessionMiddleware] })
class HookRoutesModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(SessionMiddleware).forRoutes('*path');
  }
}

/** Two controllers sharing one handler, one of them bypassing maintenance: a hook per route cannot tell them apart. */
@Controller('parent')
class ParentController {
  @Get()
  read() {
    return { ok: true };
  }
}

@Controller('child')
@BypassMaintenance()
class ChildController extends ParentController {}

@Module({ controllers: [ParentController, ChildController] })
class SharedHandlerModule {}

@Module({ providers: [ItemsResolver] })
class ResolversModule {}

const OPTIONS: MaintenanceModuleOptions = {
  refreshIntervalMs: 60_000,
  // The raw request is where Nest middleware puts things on Fastify.
  bypass: { when: (req: MaintenanceRequest & { raw?: { user?: { superuser?: boolean } } }) => req.raw?.user?.superuser === true },
};

describe('enforcement in a Fastify hook (guard: fastify-hook)', () => {
  let t: TestApp;
  const http = () => request(t.server());
  const enable = (mode: 'full' | 'read-only') => t.maintenance.enable({ mode, reason: 'test', actor: 'tester' });

  beforeAll(async () => {
    t = await createTestApp({
      adapter: 'fastify',
      database: 'fastify-hook',
      maintenance: { ...OPTIONS, guard: 'fastify-hook' },
      imports: [HookRoutesModule],
      configure: (app) => {
        // A route of the app that Nest does not own: as with the guard, the module leaves it alone.
        app
          .getHttpAdapter()
          .getInstance()
          .get('/raw', async () => ({ raw: true }));
      },
    });
  });
  afterAll(() => t.app.close());
  afterEach(() => t.maintenance.disable({ reason: 'reset', actor: 'tester' }));

  it('refuses a write in read-only mode before its body is parsed', async () => {
    await enable('read-only');
    const res = await http().post('/items').set('Content-Type', 'application/json').send('{not json').expect(403);
    expect(res.headers['x-maintenance-mode']).toBe('read-only');
    expect(res.body).toMatchObject({ statusCode: 403, mode: 'read-only' });
  });

  it('lets the when predicate see what Nest middleware set on the request', async () => {
    await enable('full');
    await http().get('/items').expect(503);
    const res = await http().get('/items').set('X-Session', 'root').expect(200);
    expect(res.headers['x-maintenance-mode']).toBe('full');
  });

  it('reads @BypassMaintenance() on parameterised routes', async () => {
    await enable('full');
    await http().put('/docs/42').expect(200, { saved: true });
    await http().put('/items/42').expect(503);
  });

  it('covers controllers that bind their handlers', async () => {
    await enable('read-only');
    await http().post('/bound').expect(403);
  });

  it("keeps the app's own @RouteConfig()", async () => {
    await http().get('/docs/tagged').expect(200, { tag: 'kept' });
    await enable('read-only');
    await http().post('/docs/tagged-bypassed').expect(201, { tag: 'kept' });
    await enable('full');
    await http().get('/docs/tagged').expect(503);
    await http().post('/docs/tagged-bypassed').expect(503);
  });

  it('covers HEAD routes Fastify adds for GET routes', async () => {
    await enable('full');
    await http().head('/items').expect(503);
    await http().head('/health').expect(200);
  });

  it('leaves routes Nest does not own alone, as the guard does', async () => {
    await enable('full');
    await http().get('/raw').expect(200, { raw: true });
  });
});

describe('guard: fastify-hook refused where it cannot work', () => {
  it('on Express, naming the option', async () => {
    await expect(createTestApp({ adapter: 'express', database: 'fastify-hook-express', maintenance: { guard: 'fastify-hook' } })).rejects.toThrow(
      /invalid option guard: "fastify-hook" needs the Fastify adapter/,
    );
  });

  it('when two controllers share a handler but not its @BypassMaintenance()', async () => {
    await expect(
      createTestApp({ adapter: 'fastify', database: 'fastify-hook-shared', maintenance: { guard: 'fastify-hook' }, imports: [SharedHandlerModule] }),
    ).rejects.toThrow(/invalid option guard: .*ParentController.read.*ChildController/);
  });

  it('in an app with GraphQL resolvers, whose operations it cannot judge', async () => {
    await expect(
      createTestApp({ adapter: 'fastify', database: 'fastify-hook-graphql', maintenance: { guard: 'fastify-hook' }, imports: [ResolversModule] }),
    ).rejects.toThrow(/invalid option guard: "fastify-hook" does not judge GraphQL operations, and this app has resolvers \(ItemsResolver\)/);
  });
});
