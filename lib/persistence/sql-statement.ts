/** Statements that change data or schema, by their first keyword. */
const WRITE_KEYWORDS: ReadonlySet<string> = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'REPLACE',
  'MERGE',
  'UPSERT',
  'CREATE',
  'ALTER',
  'DROP',
  'TRUNCATE',
  'RENAME',
  'GRANT',
  'REVOKE',
  'COPY',
  'LOAD',
  'CALL',
  'DO',
  'EXEC',
  'EXECUTE',
  'REFRESH',
  'COMMENT',
]);

/** A data-modifying keyword anywhere in a text (`WITH … INSERT`, `EXPLAIN ANALYZE DELETE`). */
const DATA_MODIFYING = /\b(?:INSERT|UPDATE|DELETE|MERGE)\b/i;
const ANALYZE = /\bANALY[SZ]E\b/i;

/**
 * Whether a SQL text writes: whether one of its statements begins with a writing keyword (`INSERT`, `UPDATE`,
 * `DELETE`, `REPLACE`, `MERGE`, `UPSERT`, DDL, `GRANT`/`REVOKE`, `COPY`, `LOAD`, `CALL`, `DO`, `EXEC[UTE]`,
 * `REFRESH`, `COMMENT`), after whitespace, comments and opening parentheses. Reads, and statements it does not know,
 * are not writes: `SELECT` (`FOR UPDATE` too), `SHOW`, `EXPLAIN`, `PRAGMA`, `SET`, `VALUES`, and transaction control
 * (`BEGIN`, `START TRANSACTION`, `COMMIT`, `ROLLBACK`, `SAVEPOINT`, `RELEASE`).
 *
 * Where a statement could write further on it errs towards a write: a `WITH` that contains `INSERT`, `UPDATE`,
 * `DELETE` or `MERGE` anywhere (even in a string) writes, and so does `EXPLAIN ANALYZE` of such a statement (it runs
 * it). Several statements in one text (PostgreSQL without parameters, MySQL with `multipleStatements`) are each
 * judged. What it cannot see: a `SELECT` that writes through a function it calls, or `SELECT … INTO` a new table.
 *
 * A safety net for honest code, not a SQL parser or a security boundary: it reads keywords, not grammar.
 */
export function isWriteStatement(sql: string): boolean {
  const length = sql.length;
  let at = 0;
  for (;;) {
    at = skipNoise(sql, at);
    if (at >= length) return false;
    const end = wordEnd(sql, at);
    const keyword = sql.slice(at, end).toUpperCase();
    if (WRITE_KEYWORDS.has(keyword)) return true;
    if (keyword === 'WITH' && DATA_MODIFYING.test(sql.slice(end))) return true;
    if (keyword === 'EXPLAIN') {
      const rest = sql.slice(end);
      if (ANALYZE.test(rest) && DATA_MODIFYING.test(rest)) return true;
    }
    // Most texts hold one statement: no need to scan it for the next.
    if (sql.indexOf(';', end) === -1) return false;
    at = nextStatement(sql, end);
    if (at === -1) return false;
  }
}

function isSpace(code: number): boolean {
  // space, \t \n \v \f \r, no-break space, BOM
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff;
}

function isWordChar(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || (code >= 48 && code <= 57);
}

function wordEnd(sql: string, at: number): number {
  let end = at;
  while (end < sql.length && isWordChar(sql.charCodeAt(end))) end++;
  return end;
}

/**
 * Past whitespace, comments (`-- …`, `# …` (MySQL), `/* … *\/`), opening parentheses and empty statements, to the
 * first keyword. A MySQL executable comment (`/*! … *\/`) is code: its version number is skipped, its text is read.
 */
function skipNoise(sql: string, at: number): number {
  const length = sql.length;
  while (at < length) {
    const code = sql.charCodeAt(at);
    if (isSpace(code) || code === 40 /* ( */ || code === 59 /* ; */) {
      at++;
    } else if ((code === 45 /* - */ && sql.charCodeAt(at + 1) === 45) || code === 35 /* # */) {
      const newline = sql.indexOf('\n', at);
      at = newline === -1 ? length : newline + 1;
    } else if (code === 47 /* / */ && sql.charCodeAt(at + 1) === 42 /* * */) {
      if (sql.charCodeAt(at + 2) === 33 /* ! */) {
        at += 3;
        while (at < length && sql.charCodeAt(at) >= 48 && sql.charCodeAt(at) <= 57) at++;
      } else {
        const close = sql.indexOf('*/', at + 2);
        at = close === -1 ? length : close + 2;
      }
    } else if (code === 42 /* * */ && sql.charCodeAt(at + 1) === 47 /* / */) {
      // The end of an executable comment.
      at += 2;
    } else {
      return at;
    }
  }
  return at;
}

/**
 * Where the statement after the one at `at` begins (past its `;`), or -1 if none: semicolons in quotes
 * (`'…'`, `"…"`, `` `…` ``, `$tag$…$tag$`) and comments do not end a statement.
 */
function nextStatement(sql: string, at: number): number {
  const length = sql.length;
  while (at < length) {
    const code = sql.charCodeAt(at);
    if (code === 59 /* ; */) return at + 1;
    if (code === 39 /* ' */ || code === 34 /* " */ || code === 96 /* ` */) {
      // A doubled quote inside is part of the text; the scan ends at the first lone one.
      const quote = sql[at];
      at++;
      for (;;) {
        const close = sql.indexOf(quote, at);
        if (close === -1) return -1;
        if (sql[close + 1] === quote) at = close + 2;
        else {
          at = close + 1;
          break;
        }
      }
    } else if (code === 45 /* - */ && sql.charCodeAt(at + 1) === 45) {
      const newline = sql.indexOf('\n', at);
      if (newline === -1) return -1;
      at = newline + 1;
    } else if (code === 47 /* / */ && sql.charCodeAt(at + 1) === 42 /* * */ && sql.charCodeAt(at + 2) !== 33 /* ! */) {
      const close = sql.indexOf('*/', at + 2);
      if (close === -1) return -1;
      at = close + 2;
    } else if (code === 36 /* $ */) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(at, at + 64));
      if (tag === null || (at > 0 && isWordChar(sql.charCodeAt(at - 1)))) {
        at++;
      } else {
        const close = sql.indexOf(tag[0], at + tag[0].length);
        if (close === -1) return -1;
        at = close + tag[0].length;
      }
    } else {
      at++;
    }
  }
  return -1;
}
