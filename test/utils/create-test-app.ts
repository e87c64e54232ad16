import type { Server } from 'node:http';
import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import { MaintenanceModule, MaintenanceModuleExtras, MaintenanceModuleOptions, MaintenanceService } from '../../lib';
import { TestRoutesModule } from '../app/test-routes.controller';
import { resetTestDatabase, testDatabaseOptions } from './test-database';

export type AdapterName = 'express' | 'fastify';
export const ADAPTERS: AdapterName[] = ['express', 'fastify'];
/** Where the module enforces maintenance: its global guard on both adapters, and its hook on Fastify. */
export const ENFORCEMENTS: [AdapterName, 'global' | 'fastify-hook'][] = [
  ['express', 'global'],
  ['fastify', 'global'],
  ['fastify', 'fastify-hook'],
];

export interface TestAppOptions {
  adapter: AdapterName;
  /** Name of the test database/schema (one per test file). */
  database: string;
  maintenance?: MaintenanceModuleOptions & MaintenanceModuleExtras;
  /** Replaces `MaintenanceModule.forRoot(maintenance)`. */
  maintenanceModule?: DynamicModule;
  imports?: (Type | DynamicModule)[];
  typeorm?: Partial<TypeOrmModuleOptions>;
  configure?: (app: INestApplication) => void | Promise<void>;
  /** Keep the database as it is (a second instance on the same database). Default: start empty. */
  keepDatabase?: boolean;
}

export interface TestApp {
  app: INestApplication;
  maintenance: MaintenanceService;
  /** The server to give supertest. */
  server: () => Server;
}

/** Boots a real Nest app over HTTP on a real database, on Express or Fastify. */
export async function createTestApp(options: TestAppOptions): Promise<TestApp> {
  if (!options.keepDatabase) await resetTestDatabase(options.database);
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot(testDatabaseOptions(options.database, options.typeorm)),
      options.maintenanceModule ?? MaintenanceModule.forRoot(options.maintenance ?? {}),
      TestRoutesModule,
      ...(options.imports ?? []),
    ],
  }).compile();
  const app =
    options.adapter === 'fastify'
      ? moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false })
      : moduleRef.createNestApplication({ logger: false });
  try {
    await options.configure?.(app);
    await app.init();
  } catch (error) {
    // A start-up that fails (on purpose, in tests of bad options) must not leave connections open.
    await app.close().catch(() => undefined);
    throw error;
  }
  if (options.adapter === 'fastify') await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  return { app, maintenance: app.get(MaintenanceService), server: () => app.getHttpServer() };
}

/** Admin options used by tests: the actor comes from `x-user`, admins are those in `x-role: admin`. */
export const TEST_ADMIN = {
  authorize: (request: { headers: Record<string, string> }) => request.headers['x-role'] === 'admin',
  actor: (request: { headers: Record<string, string> }) => request.headers['x-user'],
};
