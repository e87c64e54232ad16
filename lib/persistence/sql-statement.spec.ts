import fc from 'fast-check';
import { isWriteStatement } from './sql-statement';

const WRITES = [
  'INSERT INTO "items"("id", "name") VALUES ($1, $2) RETURNING "id"',
  'INSERT OR REPLACE INTO items VALUES (?)',
  'INSERT INTO `items`(`id`) VALUES (?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)',
  'UPDATE "items" SET "seenAt" = $1 WHERE "id" = $2',
  'DELETE FROM "items" WHERE "id" IN ($1, $2)',
  'REPLACE INTO items (id) VALUES (1)',
  'MERGE INTO items USING incoming ON items.id = incoming.id WHEN MATCHED THEN UPDATE SET name = incoming.name',
  'UPSERT INTO items (id) VALUES (1)',
  'CREATE TABLE t (id int)',
  'ALTER TABLE items ADD COLUMN x int',
  'DROP TABLE items',
  'TRUNCATE items',
  'RENAME TABLE a TO b',
  'GRANT SELECT ON items TO bob',
  'REVOKE ALL ON items FROM bob',
  "COPY items FROM '/tmp/items.csv'",
  "LOAD DATA INFILE 'x' INTO TABLE items",
  'CALL archive_items()',
  'DO $$ BEGIN DELETE FROM items; END $$',
  'EXECUTE purge_items(1)',
  'REFRESH MATERIALIZED VIEW totals',
  "COMMENT ON TABLE items IS 'x'",
  'WITH moved AS (DELETE FROM items RETURNING *) INSERT INTO archive SELECT * FROM moved',
  'with t as (select 1) update items set x = 1',
  'EXPLAIN ANALYZE DELETE FROM items',
  'EXPLAIN (ANALYZE, BUFFERS) UPDATE items SET x = 1',
  // After comments, parentheses, odd spacing and case.
  '  \n\t insert into items values (1)',
  '-- a note\nUPDATE items SET x = 1',
  '/* a note */ DELETE FROM items',
  '/* one */ -- two\n /* three */ ((insert into items values (1)))',
  '# MySQL comment\nDELETE FROM items',
  '/*!40101 DELETE FROM items */',
  'dElEtE FROM items',
  // A second statement that writes.
  'SELECT 1; DELETE FROM items',
  "SELECT ';' AS semicolon; UPDATE items SET x = 1",
  'SELECT $$;$$; INSERT INTO items VALUES (1)',
  ';;  ; INSERT INTO items VALUES (1)',
];

const READS = [
  'SELECT "items"."id" AS "items_id" FROM "items" "items" WHERE "items"."id" = $1 LIMIT 1',
  'SELECT * FROM items FOR UPDATE',
  "SELECT * FROM items WHERE name = 'DELETE'",
  '(SELECT 1) UNION (SELECT 2)',
  'SHOW server_version',
  'EXPLAIN SELECT * FROM items',
  'EXPLAIN DELETE FROM items',
  'PRAGMA foreign_keys',
  'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
  'BEGIN TRANSACTION',
  'START TRANSACTION',
  'COMMIT',
  'ROLLBACK',
  'SAVEPOINT typeorm_1',
  'RELEASE SAVEPOINT typeorm_1',
  'ROLLBACK TO SAVEPOINT typeorm_1',
  'WITH recent AS (SELECT * FROM items) SELECT * FROM recent',
  'WITH update_log AS (SELECT * FROM items) SELECT * FROM update_log',
  'VALUES (1), (2)',
  'SELECT pg_notify($1, $2)',
  '-- UPDATE items\nSELECT 1',
  '/* DELETE FROM items; */ SELECT 1',
  "SELECT 'a; DELETE FROM items'",
  'SELECT "x;DROP" FROM items',
  'SELECT `x;DROP` FROM items',
  "SELECT 'it''s; DELETE'",
  'SELECT $tag$ ; DROP TABLE items $tag$',
  'SELECT 1 -- ; DELETE FROM items',
  'SELECT 1; SELECT 2;',
  'SELECT updated_at, deleted FROM items',
  // What it cannot see: a SELECT that writes.
  'SELECT * INTO archive FROM items',
  'SELECT archive_old_items()',
  '',
  '   ',
  '/* only a comment */',
];

describe('isWriteStatement', () => {
  it.each(WRITES)('takes %j for a write', (sql) => {
    expect(isWriteStatement(sql)).toBe(true);
  });

  it.each(READS)('takes %j for no write', (sql) => {
    expect(isWriteStatement(sql)).toBe(false);
  });

  const WRITE_KEYWORDS = ['INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'MERGE', 'UPSERT', 'CREATE', 'ALTER', 'DROP', 'TRUNCATE', 'RENAME'];
  const READ_STATEMENTS = ['SELECT * FROM items', 'SHOW TABLES', 'EXPLAIN SELECT 1', 'PRAGMA table_info(items)', 'SET search_path TO app', 'BEGIN', 'COMMIT'];
  /** Whitespace, comments and opening parentheses, as they may come before a statement. */
  const noise = fc
    .array(
      fc.oneof(
        fc.constantFrom(' ', '\n', '\t', '\r\n', '(', ';'),
        fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ';', "'", '-', 'x') }).map((text) => `/* ${text.replaceAll('*/', '')} */`),
        fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ';', "'", '/', '*') }).map((text) => `-- ${text}\n`),
      ),
      { maxLength: 6 },
    )
    .map((parts) => parts.join(''));
  /** The same word in any mix of upper and lower case. */
  const anyCase = (word: string) =>
    fc
      .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
      .map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
  /** A tail that never completes a quote, comment or statement of its own. */
  const tail = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '1', ',', '=', '*') });

  it('keeps a write a write whatever whitespace, comments, parentheses and case come before it', () => {
    fc.assert(
      fc.property(noise, fc.constantFrom(...WRITE_KEYWORDS).chain(anyCase), tail, (before, keyword, after) => {
        expect(isWriteStatement(`${before}${keyword} ${after}`)).toBe(true);
      }),
    );
  });

  it('keeps a read a read whatever whitespace, comments, parentheses and case come before it', () => {
    fc.assert(
      fc.property(noise, fc.constantFrom(...READ_STATEMENTS), fc.boolean(), (before, statement, lower) => {
        expect(isWriteStatement(`${before}${lower ? statement.toLowerCase() : statement}`)).toBe(false);
      }),
    );
  });

  it('finds a write in a later statement, whatever reads come before it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...READ_STATEMENTS), { maxLength: 4 }), noise, fc.constantFrom(...WRITE_KEYWORDS), (reads, before, keyword) => {
        expect(isWriteStatement([...reads, `${before}${keyword} items`].join('; '))).toBe(true);
      }),
    );
  });

  it('never takes text in quotes for a keyword of its own', () => {
    fc.assert(
      fc.property(fc.constantFrom(...READ_STATEMENTS), fc.constantFrom(...WRITE_KEYWORDS), tail, (read, keyword, text) => {
        expect(isWriteStatement(`${read} WHERE name = '${text}; ${keyword} items ${text}'`)).toBe(false);
        expect(isWriteStatement(`${read} /* ; ${keyword} items */`)).toBe(false);
      }),
    );
  });
});
