import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TypeOrmModuleOptions } from '@nestjs/typeorm';

/** Which database the e2e suite runs on: `TEST_DB=sqlite|postgres|mariadb` (default sqlite). */
export type TestDatabaseKind = 'sqlite' | 'postgres' | 'mariadb';

export const POSTGRES = { host: '127.0.0.1', port: 5432, username: 'postgres', database: 'test' };
export const MARIADB = { host: '127.0.0.1', port: 3306, username: 'root', password: '' };

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

/** A database/schema name usable on every server. */
export function databaseName(name: string): string {
  return `nm_${name.replace(/[^A-Za-z0-9]/g, '_')}`.toLowerCase().slice(0, 60);
}

/**
 * Empties the database (MariaDB) or schema (Postgres) that belongs to one test file, so files run in any
 * order. SQLite needs nothing: each file gets a new file. Fails loudly when the server is not there.
 */
export async function resetTestDatabase(name: string, kind: TestDatabaseKind = testDatabaseKind()): Promise<void> {
  const db = databaseName(name);
  if (kind === 'postgres') {
    const { Client } = await import('pg');
    const client = new Client({ host: POSTGRES.host, port: POSTGRES.port, user: POSTGRES.username, database: POSTGRES.database });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${db}" CASCADE`);
      await client.query(`CREATE SCHEMA "${db}"`);
    } finally {
      await client.end();
    }
  } else if (kind === 'mariadb') {
    const mysql = await import('mysql2/promise');
    const connection = await mysql.createConnection({ host: MARIADB.host, port: MARIADB.port, user: MARIADB.username, password: MARIADB.password });
    try {
      await connection.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await connection.query(`CREATE DATABASE \`${db}\``);
    } finally {
      await connection.end();
    }
  }
}

/** TypeORM options for the test file's own database, schema or SQLite file. */
export function testDatabaseOptions(
  name: string,
  extra: Partial<TypeOrmModuleOptions> = {},
  kind: TestDatabaseKind = testDatabaseKind(),
): TypeOrmModuleOptions {
  // retryAttempts 0: an app that fails to start must not keep reconnecting after its test file has ended.
  const common = { autoLoadEntities: true, synchronize: true, logging: false, retryAttempts: 0 } as const;
  const db = databaseName(name);
  switch (kind) {
    case 'sqlite':
      return { type: 'better-sqlite3', database: sqliteFile(name), enableWAL: true, ...common, ...extra } as TypeOrmModuleOptions;
    case 'postgres':
      return { type: 'postgres', ...POSTGRES, schema: db, ...common, ...extra } as TypeOrmModuleOptions;
    case 'mariadb':
      return { type: 'mariadb', ...MARIADB, database: db, ...common, ...extra } as TypeOrmModuleOptions;
  }
}
