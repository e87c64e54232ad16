import { CanActivate, ExecutionContext, Injectable, Module, UnauthorizedException } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule, JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { MaintenanceGuard, MaintenanceModule, MaintenanceRequest } from '../lib';
import { ADAPTERS, createTestApp, TestApp } from './utils/create-test-app';

/** What the app's auth guard leaves on the request, as a host app would type it for `bypass.when`. */
interface SignedInRequest extends MaintenanceRequest {
  user?: { roles?: string[] };
}

const JWT_SECRET = 'test-jwt-secret-for-the-e2e-suite';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A host app's authentication guard: verifies a bearer token and sets req.user (anonymous without one). */
@Injectable()
class JwtAuthGuard implements CanActivate {
  constructor(private readonly jwt: JwtService) {}
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest();
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    if (!token) return true;
    try {
      req.user = await this.jwt.verifyAsync(token);
      return true;
    } catch {
      throw new UnauthorizedException('invalid token');
    }
  }
}

const jwtModule = JwtModule.register({ global: true, secret: JWT_SECRET });

/** `guard: 'manual'`: the app runs its auth guard first, then the maintenance guard, which sees req.user. */
@Module({
  imports: [jwtModule],
  providers: [
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useExisting: MaintenanceGuard },
  ],
})
class ManualOrderModule {}

/** The default global guard runs before the app's guards: the predicate verifies the token itself. */
@Module({ imports: [jwtModule], providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }] })
class AuthAfterMaintenanceModule {}

describe.each(ADAPTERS)('superusers who sign in with JWT on %s', (adapter) => {
  const jwt = new JwtService({ secret: JWT_SECRET });
  const superuser = jwt.sign({ sub: 'root', roles: ['superuser'] });
  const user = jwt.sign({ sub: 'jane', roles: ['user'] });

  /** `forgedStatus`: with the auth guard first, a forged token is the auth guard's 401, before maintenance. */
  const expectBypass = async (t: TestApp, forgedStatus: number) => {
    try {
      await t.maintenance.enable({ mode: 'full', reason: 'auth test', actor: 'ops' });
      await request(t.server()).get('/items').expect(503);
      await request(t.server()).get('/items').set(bearer(user)).expect(503);
      await request(t.server()).get('/items').set(bearer(superuser)).expect(200);
      await request(t.server()).get('/items').set(bearer('forged.token.value')).expect(forgedStatus);
    } finally {
      await t.app.close();
    }
  };

  it("bypass with guard: 'manual', placed after the app's auth guard, reading req.user", async () => {
    const t = await createTestApp({
      adapter,
      database: `auth-manual-${adapter}`,
      maintenanceModule: MaintenanceModule.forRoot({
        guard: 'manual',
        bypass: { when: (req: SignedInRequest) => req.user?.roles?.includes('superuser') === true },
      }),
      imports: [ManualOrderModule],
    });
    await expectBypass(t, 401);
  });

  it('bypass with the default global guard and a predicate that verifies the token from the raw request', async () => {
    const t = await createTestApp({
      adapter,
      database: `auth-global-${adapter}`,
      maintenanceModule: MaintenanceModule.forRoot({
        bypass: {
          when: async (req) => {
            const token = req.headers.authorization?.replace(/^Bearer /, '');
            if (!token) return false;
            const payload = await jwt.verifyAsync(token).catch(() => null);
            return payload?.roles?.includes('superuser') ?? false;
          },
        },
      }),
      imports: [AuthAfterMaintenanceModule],
    });
    await expectBypass(t, 503);
  });
});
