'use strict';
// Audit log at scale: how long listing (pages, filters, a deep cursor) and verifying the whole hash
// chain take with N entries, through MaintenanceService as an app calls them, on Postgres and SQLite.
require('reflect-metadata');
const { performance } = require('node:perf_hooks');
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { TypeOrmModule, getDataSourceToken } = require('@nestjs/typeorm');
const { MaintenanceModule, MaintenanceService } = require('../dist');
const { AUDIT_DATABASES } = require('./audit/databases');
const { seedAuditLog, ACTORS } = require('./audit/seed');
const { table } = require('./markdown');
const { summarize } = require('./stats');

const LIST_REPEATS = 20;
const VERIFY_REPEATS = 3;

async function runAuditSuite(options, log) {
  const results = [];
  const problems = [];
  for (const database of AUDIT_DATABASES) {
    const prepared = await database.prepare();
    if (prepared.skipped) {
      log(`audit: skipping ${database.name}: ${prepared.skipped}`);
      results.push({ database: database.name, skipped: prepared.skipped });
      continue;
    }
    try {
      results.push(await measure(database.name, prepared, options.auditEntries, log, problems));
    } finally {
      await prepared.cleanUp();
    }
  }
  return {
    title: `Audit log with ${options.auditEntries.toLocaleString('en')} entries`,
    markdown: render(results, options),
    meaning: meaning(results, options),
    problems,
  };
}

async function measure(name, prepared, count, log, problems) {
  class AuditBenchModule {}
  Module({
    imports: [TypeOrmModule.forRoot({ ...prepared.typeorm, autoLoadEntities: true, synchronize: true, logging: false }), MaintenanceModule.forRoot({})],
  })(AuditBenchModule);
  const app = await NestFactory.createApplicationContext(AuditBenchModule, { logger: false });
  try {
    const service = app.get(MaintenanceService);
    log(`audit: ${name}: inserting ${count} chained entries`);
    const seedStart = performance.now();
    const span = await seedAuditLog(app.get(getDataSourceToken()), count);
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const middle = Math.floor(count / 2);
    const day = 24 * 3600 * 1000;
    const operations = [
      ['list: newest page (50)', () => service.listAudit()],
      ['list: newest page (200, the maximum)', () => service.listAudit({ limit: 200 })],
      ['list: page at the middle (cursor `beforeId`)', () => service.listAudit({ beforeId: middle })],
      ['list: by actor', () => service.listAudit({ actor: ACTORS[3] })],
      ['list: by action', () => service.listAudit({ action: 'rejected' })],
      [
        'list: one day in the middle (`from`/`to`)',
        () => {
          const from = new Date(span.firstMs + (span.lastMs - span.firstMs) / 2);
          return service.listAudit({ from, to: new Date(from.getTime() + day) });
        },
      ],
    ];
    const timings = [];
    for (const [label, call] of operations) {
      log(`audit: ${name}: ${label}`);
      const first = await call();
      if (first.items.length === 0) problems.push(`${name} ${label}: returned no entries`);
      timings.push({ label, ms: summarize(await repeat(call, LIST_REPEATS)) });
    }
    log(`audit: ${name}: verify`);
    let verification;
    const verifyMs = await repeat(async () => (verification = await service.verifyAudit()), VERIFY_REPEATS);
    if (!verification.intact || verification.checked !== count) {
      problems.push(`${name} verify: ${JSON.stringify(verification)} (expected an intact chain of ${count})`);
    }
    timings.push({
      label: `verify: whole chain (${verification.checked.toLocaleString('en')} checked, intact: ${verification.intact})`,
      ms: summarize(verifyMs),
    });
    return { database: name, version: prepared.version, seedSeconds, timings };
  } finally {
    await app.close();
  }
}

async function repeat(call, times) {
  const ms = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await call();
    ms.push(performance.now() - start);
  }
  return ms;
}

function render(results, options) {
  const parts = [
    `Entries inserted directly with a valid hash chain (bench/audit/seed.js), then read through MaintenanceService.listAudit / ` +
      `verifyAudit in the benchmark process; lists repeated ${LIST_REPEATS} times after one untimed call, verify ${VERIFY_REPEATS} times.`,
    '',
  ];
  for (const result of results) {
    if (result.skipped) {
      parts.push(`**${result.database}**: skipped (${result.skipped}).`, '');
      continue;
    }
    parts.push(`**${result.version}** (seeding ${options.auditEntries.toLocaleString('en')} entries took ${result.seedSeconds.toFixed(1)} s):`, '');
    parts.push(
      table(
        ['Operation', 'ms median', 'ms min–max'],
        result.timings.map((t) => [t.label, ms(t.ms.median), `${ms(t.ms.min)}–${ms(t.ms.max)}`]),
        ['left', 'right', 'right'],
      ),
      '',
    );
  }
  return parts.join('\n').trimEnd();
}

function meaning(results, options) {
  const done = results.filter((result) => !result.skipped);
  if (done.length === 0) return 'The audit suite could not run on any database.';
  return done
    .map((result) => {
      const lists = result.timings.filter((t) => t.label.startsWith('list'));
      const slowest = lists.reduce((a, b) => (b.ms.median > a.ms.median ? b : a));
      const verify = result.timings.find((t) => t.label.startsWith('verify'));
      return (
        `With ${options.auditEntries.toLocaleString('en')} audit entries on ${result.database}, every list query answers in ` +
        `${ms(slowest.ms.median)} ms or less (median; slowest: ${slowest.label.replace('list: ', '')}), and verifying the whole chain takes ` +
        `${(verify.ms.median / 1000).toFixed(2)} s.`
      );
    })
    .join(' ');
}

function ms(value) {
  return value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0);
}

module.exports = { name: 'audit', run: runAuditSuite };
