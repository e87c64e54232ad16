import {
  ArgumentsHost,
  CallHandler,
  Catch,
  ExceptionFilter,
  ExecutionContext,
  HttpException,
  Injectable,
  Module,
  NestInterceptor,
  ValidationPipe,
} from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE, HttpAdapterHost } from '@nestjs/core';
import helmet from 'helmet';
import request from 'supertest';
import { map } from 'rxjs';
import { ADAPTERS, createTestApp, TEST_ADMIN, TestApp } from './utils/create-test-app';

/** A host's catch-all filter: every error becomes `{ ok: false, error }`. */
@Catch()
class CatchEverythingFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}
  catch(exception: unknown, host: ArgumentsHost) {
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), { ok: false, error: String(exception) }, status);
  }
}

/** A host's response wrapper: every body becomes `{ data }`. */
@Injectable()
class WrapInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler) {
    return next.handle().pipe(map((data) => ({ data })));
  }
}

@Module({
  providers: [
    { provide: APP_FILTER, useClass: CatchEverythingFilter },
    { provide: APP_INTERCEPTOR, useClass: WrapInterceptor },
    { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }) },
  ],
})
class HostEnhancersModule {}

describe.each(ADAPTERS)('a host app with its own pipe, filter, interceptor and helmet on %s', (adapter) => {
  let t: TestApp;
  const http = () => request(t.server());
  beforeAll(async () => {
    t = await createTestApp({
      adapter,
      database: `host-${adapter}`,
      maintenance: { admin: TEST_ADMIN },
      imports: [HostEnhancersModule],
      configure: (app) => {
        // The catch-all registered both ways apps do it: APP_FILTER (above) and useGlobalFilters.
        app.useGlobalFilters(new CatchEverythingFilter(app.get(HttpAdapterHost)));
        if (adapter === 'express') app.use(helmet());
        else
          app
            .getHttpAdapter()
            .getInstance()
            .addHook('onRequest', (req: { raw: any }, reply: { raw: any }, done: (e?: unknown) => void) => helmet()(req.raw, reply.raw, done));
      },
    });
  });
  afterAll(() => t.app.close());
  afterEach(() => t.maintenance.disable({ reason: 'reset', actor: 'test' }));

  it('keeps the 503, its headers and its body', async () => {
    await t.maintenance.enable({ mode: 'full', reason: 'r', actor: 'a', message: 'Host test' });
    const res = await http().get('/items').expect(503);
    expect(res.headers['retry-after']).toBe('300');
    expect(res.headers['x-maintenance-mode']).toBe('full');
    expect(res.headers['x-content-type-options']).toBe('nosniff'); // helmet still ran
    expect(res.body).toEqual({ statusCode: 503, error: 'Service Unavailable', code: 'MAINTENANCE', message: 'Host test', mode: 'full', until: null });
    const page = await http().get('/items').set('Accept', 'text/html').expect(503);
    expect(page.text).toContain('Host test');
  });

  it('keeps the read-only refusal', async () => {
    await t.maintenance.enable({ mode: 'read-only', reason: 'r', actor: 'a' });
    const res = await http().post('/items').send({}).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, mode: 'read-only' });
    const allowed = await http().get('/items').expect(200);
    expect(allowed.headers['x-maintenance-mode']).toBe('read-only');
    expect(allowed.body).toEqual({ data: { items: ['a', 'b'] } }); // the host's wrapper applies to allowed responses
  });

  it("keeps the admin API's validation messages and statuses", async () => {
    const res = await http().post('/maintenance/toggle').set({ 'x-user': 'a', 'x-role': 'admin' }).send({ mode: 'full', reason: 'r', junk: 1 }).expect(400);
    expect(JSON.stringify(res.body)).toMatch(/junk/);
    await http().post('/maintenance/toggle').set({ 'x-user': 'a' }).send({ mode: 'full', reason: 'r' }).expect(403);
  });
});
