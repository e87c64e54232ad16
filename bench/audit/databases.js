'use strict';
// The databases the audit suite runs on, each prepared empty: Postgres in a schema of its own
// (bench_audit, dropped before and after) and SQLite in a temporary file.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'bench_audit';

const postgres = {
  name: 'PostgreSQL',
  /** Recreates the schema; resolves to null when the server cannot be reached (the suite skips it). */
  async prepare() {
    const { Client } = require('pg');
    const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
    } catch (error) {
      return { skipped: `${POSTGRES_URL} unreachable (${error.message})` };
    }
    try {
      const { rows } = await client.query('SHOW server_version');
      await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
      await client.query(`CREATE SCHEMA ${SCHEMA}`);
      return {
        version: `PostgreSQL ${rows[0].server_version}`,
        typeorm: { type: 'postgres', url: POSTGRES_URL, schema: SCHEMA },
        cleanUp: () => dropSchema(),
      };
    } finally {
      await client.end();
    }
  },
};

async function dropSchema() {
  const { Client } = require('pg');
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  } finally {
    await client.end();
  }
}

const sqlite = {
  name: 'SQLite',
  async prepare() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-maintenance-bench-audit-'));
    return {
      version: `SQLite ${require('better-sqlite3')(':memory:').prepare('select sqlite_version() as v').get().v} (better-sqlite3, WAL)`,
      typeorm: { type: 'better-sqlite3', database: path.join(dir, 'audit.sqlite'), enableWAL: true },
      cleanUp: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  },
};

module.exports = { AUDIT_DATABASES: [postgres, sqlite], POSTGRES_URL, SCHEMA };
