import { Controller, Module } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, MessagePattern, Transport } from '@nestjs/microservices';
import { createServer } from 'node:net';
import { firstValueFrom } from 'rxjs';
import request from 'supertest';
import { createTestApp, TestApp } from './utils/create-test-app';

@Controller()
class PingController {
  @MessagePattern('ping')
  ping() {
    return 'pong';
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('a hybrid app with a microservice handler', () => {
  let t: TestApp;
  let client: ClientProxy;

  beforeAll(async () => {
    const port = await freePort();
    t = await createTestApp({
      adapter: 'express',
      database: 'microservice',
      imports: [PingModule],
      configure: (app) => {
        app.connectMicroservice({ transport: Transport.TCP, options: { host: '127.0.0.1', port } }, { inheritAppConfig: true });
      },
    });
    await t.app.startAllMicroservices();
    client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
  });
  afterAll(async () => {
    client.close();
    await t.app.close();
  });

  it('lets message handlers through in full maintenance while HTTP routes answer 503', async () => {
    await t.maintenance.enable({ mode: 'full', reason: 'rpc', actor: 'ops' });
    await request(t.server()).get('/items').expect(503);
    await expect(firstValueFrom(client.send('ping', {}))).resolves.toBe('pong');
    await t.maintenance.disable({ reason: 'rpc', actor: 'ops' });
  });
});
