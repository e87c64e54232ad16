// One app instance in a process of its own, on the compiled library (dist/), for the multi-instance
// tests. Configured by environment; prints {"port":N} on stdout once it listens.
require('reflect-metadata');
const { Controller, Get, Post, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { TypeOrmModule } = require('@nestjs/typeorm');
const { MaintenanceModule } = require('../../dist');

const env = process.env;
const db = env.DB_NAME;
const databases = {
  sqlite: { type: 'better-sqlite3', database: env.SQLITE_FILE, enableWAL: true, timeout: 5000 },
  postgres: { type: 'postgres', host: '127.0.0.1', port: Number(env.PG_PORT ?? 5432), username: 'postgres', database: 'test', schema: db },
  mariadb: { type: 'mariadb', host: '127.0.0.1', port: Number(env.MARIADB_PORT ?? 3306), username: 'root', password: '', database: db },
};

class ItemsController {
  list() {
    return ['item'];
  }
  create() {
    return { created: true };
  }
}
Get()(ItemsController.prototype, 'list', Object.getOwnPropertyDescriptor(ItemsController.prototype, 'list'));
Post()(ItemsController.prototype, 'create', Object.getOwnPropertyDescriptor(ItemsController.prototype, 'create'));
Controller('items')(ItemsController);

class InstanceModule {}
Module({
  imports: [
    TypeOrmModule.forRoot({ ...databases[env.TEST_DB ?? 'sqlite'], autoLoadEntities: true, synchronize: false }),
    MaintenanceModule.forRoot({
      refreshIntervalMs: Number(env.REFRESH_MS ?? 1000),
      sync: env.SYNC === 'postgres' ? { type: 'postgres' } : env.SYNC === 'redis' ? { type: 'redis', channel: env.SYNC_CHANNEL } : undefined,
      approvals: { required: Number(env.APPROVALS ?? 1) },
      audit: env.AUDIT_KEY ? { key: env.AUDIT_KEY } : undefined,
      admin: { authorize: (req) => req.headers['x-role'] === 'admin', actor: (req) => req.headers['x-user'] },
    }),
  ],
  controllers: [ItemsController],
})(InstanceModule);

(async () => {
  const app = await NestFactory.create(InstanceModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`${JSON.stringify({ port: app.getHttpServer().address().port })}\n`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
