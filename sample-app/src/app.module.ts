import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { join } from 'node:path';
import { MaintenanceModule, MaintenanceRequest } from '../../lib';
import { AuthController, HealthController, ItemsController } from './items.controller';
import { JobsController } from './jobs.controller';
import { ReportJob } from './report.job';
import { DEMO_ADMINS, DemoSignInController } from './demo-sign-in.controller';

export { DEMO_ADMINS };
/** Demo superuser token: a request with `x-superuser: <token>` is never blocked. */
export const DEMO_SUPERUSER_TOKEN = process.env.SUPERUSER_TOKEN ?? 'demo-superuser-token';

export const SAMPLE_DATABASE = process.env.SAMPLE_DATABASE ?? join(__dirname, '..', '..', '..', 'data', 'sample.sqlite');

/** The demo admin of a request: the `x-admin-user` header (curl, Swagger UI) or the demo sign-in's cookie (the console). */
const adminOf = (req: MaintenanceRequest): string | undefined => {
  const header = req.headers['x-admin-user'];
  const cookie = /(?:^|;\s*)demo_user=([a-z]+)/.exec(typeof req.headers.cookie === 'string' ? req.headers.cookie : '')?.[1];
  const user = typeof header === 'string' ? header : cookie;
  return user !== undefined && DEMO_ADMINS.includes(user) ? user : undefined;
};

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'better-sqlite3',
      database: SAMPLE_DATABASE,
      // WAL and a busy timeout let the CLI write to the same file while the app runs.
      enableWAL: true,
      timeout: 5000,
      autoLoadEntities: true,
      synchronize: true,
    }),
    MaintenanceModule.forRoot({
      refreshIntervalMs: 1000,
      bypass: {
        paths: ['/docs', '/docs/**', '/docs-json'],
        ips: process.env.BYPASS_IPS ? process.env.BYPASS_IPS.split(',') : [],
        when: (req) => req.headers['x-superuser'] === DEMO_SUPERUSER_TOKEN,
      },
      admin: {
        authorize: (req) => adminOf(req) !== undefined,
        actor: (req) => adminOf(req),
      },
      approvals: { required: 1 },
    }),
    // @Cron, @Interval and @Timeout handlers; ReportJob's pauses during maintenance (@PauseDuringMaintenance).
    ScheduleModule.forRoot(),
  ],
  controllers: [ItemsController, HealthController, AuthController, JobsController, DemoSignInController],
  providers: [ReportJob],
})
export class AppModule {}
