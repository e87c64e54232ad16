// A scratch app that knows nothing of this repository: it requires the installed package by name.
// Plain CommonJS with decorators applied as functions, so it needs no compiler.
const assert = require('node:assert/strict');
const http = require('node:http');
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { TypeOrmModule } = require('@nestjs/typeorm');
const { Client } = require('pg');
const { MaintenanceModule, MaintenanceService, MAINTENANCE_ENTITIES } = require('nestjs-maintenance');

class ItemsController {
  list() {
    return ['item'];
  }
}
Get()(ItemsController.prototype, 'list', Object.getOwnPropertyDescriptor(ItemsController.prototype, 'list'));
Controller('items')(ItemsController);

const schema = 'nm_pack_smoke';
class AppModule {}
Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      host: '127.0.0.1',
      port: 5432,
      username: 'postgres',
      database: 'test',
      schema,
      synchronize: true,
      entities: MAINTENANCE_ENTITIES,
    }),
    MaintenanceModule.forRoot(),
  ],
  controllers: [ItemsController],
})(AppModule);

const get = (port, path) =>
  new Promise((resolve, reject) =>
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      })
      .on('error', reject),
  );

(async () => {
  const client = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  await client.end();

  const app = await NestFactory.create(AppModule, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const port = app.getHttpServer().address().port;
  assert.equal((await get(port, '/items')).status, 200);
  await app.get(MaintenanceService).enable({ mode: 'full', reason: 'pack smoke test', actor: 'ci' });
  const blocked = await get(port, '/items');
  assert.equal(blocked.status, 503);
  assert.ok(Number(blocked.headers['retry-after']) > 0, 'Retry-After is set');
  await app.close();
  console.log('pack smoke test: the installed tarball answered 503 with Retry-After during full maintenance');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
