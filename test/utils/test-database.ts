import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TypeOrmModuleOptions } from '@nestjs/typeorm';

/** Which database the e2e suite runs on: `TEST_DB=sqlite|postgres|mariadb` (default sqlite). */
export type TestDatabaseKind = 'sqlite' | 'postgres' | 'mariadb';

export function testDatabaseKind(): TestDatabaseKind {
  const kind = (process.env.TEST_DB ?? 'sqlite') as TestDatabaseKind;
  if (!['sqlite', 'postgres', 'mariadb'].includes(kind)) throw new Error(`Unknown TEST_DB "${kind}"`);
  return kind;
}

/** A SQLite file of its own for one test file. */
export function sqliteFile(name: string): string {
  const dir = join(tmpdir(), 'nestjs-maintenance-tests');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}-${process.pid}-${Date.now()}.sqlite`);
}

/**
 * TypeORM options for a database (or schema) that belongs to one test file, so files can run in any
 * order and in parallel. The schema is dropped and re-created at connection time.
 */
export function testDatabaseOptions(name: string, extra: Partial<TypeOrmModuleOptions> = {}): TypeOrmModuleOptions {
  const kind = testDatabaseKind();
  const common = { autoLoadEntities: true, synchronize: true, logging: false } as const;
  switch (kind) {
    case 'sqlite':
      return { type: 'better-sqlite3', database: sqliteFile(name), enableWAL: true, ...common, ...extra } as TypeOrmModuleOptions;
    default:
      throw new Error(`TEST_DB=${kind} is prepared by later set-up`);
  }
}
