// One app instance in a process of its own, on the compiled library (dist/), for the multi-instance
// tests. Configured by environment; prints {"port":N} on stdout once it listens.
require('reflect-metadata');
const { Controller, Get, Post, Module, Injectable, Query } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { TypeOrmModule } = require('@nestjs/typeorm');
const { MaintenanceModule, BypassMaintenance, PauseDuringMaintenance } = require('../../dist');

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

// A write that takes a while (POST /items/slow?ms=1500): the fleet's drain must wait for it.
class SlowController {
  async slow(ms) {
    await new Promise((resolve) => setTimeout(resolve, Number(ms ?? 1000)));
    return { done: Date.now() };
  }
}
Query('ms')(SlowController.prototype, 'slow', 0);
Post('slow')(SlowController.prototype, 'slow', Object.getOwnPropertyDescriptor(SlowController.prototype, 'slow'));
Controller('items')(SlowController);

// With METRICS=1: the module's metrics on prom-client's default registry, served at GET /metrics.
const metricsControllers = [];
if (env.METRICS) {
  const { register } = require('prom-client');
  class MetricsController {
    metrics() {
      return register.metrics();
    }
  }
  Get()(MetricsController.prototype, 'metrics', Object.getOwnPropertyDescriptor(MetricsController.prototype, 'metrics'));
  BypassMaintenance()(MetricsController.prototype, 'metrics', Object.getOwnPropertyDescriptor(MetricsController.prototype, 'metrics'));
  Controller('metrics')(MetricsController);
  metricsControllers.push(MetricsController);
}

// With JOBS=1: a scheduled handler that pauses during maintenance, and a BullMQ worker on QUEUE. GET /jobs (exempt from
// maintenance) tells what this instance ran: ticks of the handler, and the jobs processed with when they ended.
const jobsImports = [];
const jobsProviders = [];
const jobsControllers = [];
if (env.JOBS) {
  const { ScheduleModule, Cron, Interval } = require('@nestjs/schedule');
  const { BullModule, Processor, WorkerHost } = require('@nestjs/bullmq');
  const record = { ticks: 0, lastTickAt: 0, cronTicks: 0, processed: [] };

  class TickJob {
    tick() {
      record.ticks++;
      record.lastTickAt = Date.now();
    }
    everySecond() {
      record.cronTicks++;
    }
  }
  Cron('* * * * * *')(TickJob.prototype, 'everySecond', Object.getOwnPropertyDescriptor(TickJob.prototype, 'everySecond'));
  PauseDuringMaintenance()(TickJob.prototype, 'everySecond', Object.getOwnPropertyDescriptor(TickJob.prototype, 'everySecond'));
  Interval(Number(env.TICK_MS ?? 100))(TickJob.prototype, 'tick', Object.getOwnPropertyDescriptor(TickJob.prototype, 'tick'));
  PauseDuringMaintenance()(TickJob.prototype, 'tick', Object.getOwnPropertyDescriptor(TickJob.prototype, 'tick'));
  Injectable()(TickJob);

  class QueueWorker extends WorkerHost {
    async process(job) {
      const started = Date.now();
      await new Promise((resolve) => setTimeout(resolve, Number(job.data.ms ?? 20)));
      record.processed.push({ id: job.id, started, ended: Date.now() });
      return 'ok';
    }
  }
  Processor(env.QUEUE)(QueueWorker);
  Injectable()(QueueWorker);

  class JobsController {
    jobs() {
      return record;
    }
  }
  Get()(JobsController.prototype, 'jobs', Object.getOwnPropertyDescriptor(JobsController.prototype, 'jobs'));
  BypassMaintenance()(JobsController);
  Controller('jobs')(JobsController);

  jobsImports.push(
    ScheduleModule.forRoot(),
    BullModule.forRoot({ connection: { host: '127.0.0.1', port: 6379 } }),
    BullModule.registerQueue({ name: env.QUEUE }),
  );
  jobsProviders.push(TickJob, QueueWorker);
  jobsControllers.push(JobsController);
}

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
      jobs: env.JOBS ? { bullmq: { queues: [env.QUEUE] } } : undefined,
      fleet: env.FLEET_OFF ? false : { heartbeatIntervalMs: Number(env.HEARTBEAT_MS ?? 5000), instanceName: env.INSTANCE_NAME },
      metrics: Boolean(env.METRICS),
      // With WEBHOOK_URL: one signed webhook, polled every WEBHOOK_POLL_MS, retried from WEBHOOK_RETRY_MS on.
      notify: env.WEBHOOK_URL
        ? {
            webhooks: [{ url: env.WEBHOOK_URL, secret: env.WEBHOOK_SECRET, name: 'receiver' }],
            pollIntervalMs: Number(env.WEBHOOK_POLL_MS ?? 1000),
            timeoutMs: Number(env.WEBHOOK_TIMEOUT_MS ?? 10_000),
            retry: { firstDelayMs: Number(env.WEBHOOK_RETRY_MS ?? 5000) },
          }
        : undefined,
    }),
    ...jobsImports,
  ],
  controllers: [ItemsController, SlowController, ...jobsControllers, ...metricsControllers],
  providers: jobsProviders,
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
