import { DataSource, QueryRunner } from 'typeorm';
import { isWriteStatement } from '../sql-statement';
import { countWriteGuard, writesAllowed } from '../write-permit';

/** What a guard asks before each statement. */
export interface DatabaseWriteGuardPolicy {
  /**
   * Called before every statement, so it must be cheap: `null` while writes are free (no mode in force), else the
   * function that makes the error for a refused write.
   */
  refusal(): ((statement: string) => Error) | null;
}

/** A guard installed on one DataSource. */
export interface DatabaseWriteGuard {
  /** Puts the DataSource back as it was (query runners already handed out stop checking). Safe to call twice. */
  uninstall(): void;
}

/** `QueryRunner.query` without its overloads. */
type Query = (this: QueryRunner, query: string, parameters?: unknown[], useStructuredResult?: boolean) => Promise<any>;
type QueryRunnerFactory = (...args: unknown[]) => QueryRunner;

/**
 * Guards the writes of a TypeORM DataSource: every query runner its driver makes (and the one that better-sqlite3
 * shares) checks each statement before running it. While `policy.refusal()` is `null` that is all it does: the
 * statement runs as it came, nothing is added to it. Otherwise a statement that writes (`isWriteStatement`), outside
 * `allowWrites` and bypassed requests, is not sent to the database: its promise rejects with the policy's error, and
 * TypeORM rolls back the transaction it was part of.
 *
 * It sees what goes through the DataSource's query runners (repositories, entity managers, query builders,
 * `dataSource.query`, transactions), on TypeORM 0.3 and 1.x; not the driver's connections or pools used directly,
 * nor other clients.
 */
export function installDatabaseWriteGuard(dataSource: DataSource, policy: DatabaseWriteGuardPolicy): DatabaseWriteGuard {
  const driver = dataSource.driver as unknown as { createQueryRunner: QueryRunnerFactory; queryRunner?: QueryRunner };
  let active = true;
  /** The runners this guard wrapped, with their own `query`: the SQLite drivers hand out one runner again and again. */
  const wrapped = new WeakMap<QueryRunner, { original: Query; guarded: Query }>();

  const guard = (runner: QueryRunner): QueryRunner => {
    if (wrapped.has(runner)) return runner;
    // Called below with its runner as `this`.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const original = runner.query as Query;
    const guarded = function guardedQuery(this: QueryRunner, query: string, parameters?: unknown[], useStructuredResult?: boolean): Promise<any> {
      // Forwarded as they came: better-sqlite3 gives `parameters` a default when it is undefined.
      if (!active) return original.call(this, query, parameters, useStructuredResult);
      const refuse = policy.refusal();
      if (refuse === null || writesAllowed() || typeof query !== 'string' || !isWriteStatement(query))
        return original.call(this, query, parameters, useStructuredResult);
      return Promise.reject(refuse(query));
    };
    wrapped.set(runner, { original, guarded });
    runner.query = guarded as QueryRunner['query'];
    return runner;
  };

  if (driver.queryRunner) guard(driver.queryRunner);
  const originalFactory = driver.createQueryRunner;
  const factory: QueryRunnerFactory = function (this: unknown, ...args: unknown[]) {
    const runner = originalFactory.apply(this, args);
    return active ? guard(runner) : runner;
  };
  driver.createQueryRunner = factory;
  countWriteGuard(1);

  return {
    uninstall(): void {
      if (!active) return;
      active = false;
      countWriteGuard(-1);
      // Only where nothing wrapped them after us; otherwise our wrappers stay in the chain, passing statements through.
      if (driver.createQueryRunner === factory) driver.createQueryRunner = originalFactory;
      const shared = driver.queryRunner;
      const own = shared && wrapped.get(shared);
      if (shared && own && (shared.query as Query) === own.guarded) shared.query = own.original as QueryRunner['query'];
    },
  };
}
