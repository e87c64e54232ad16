/** Line breaks and tabs become spaces; other control characters and bidi overrides become `?`. */
const LAYOUT = /[\t\n\r\v\f]+/g;
// eslint-disable-next-line no-control-regex -- control characters are what it replaces
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the database made safe for a terminal. Reasons and messages come from anyone who may use
 * the admin API; printed raw, an escape sequence in one could rewrite what the operator sees.
 */
export function terminalSafe(value: unknown, maxLength = Infinity): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any value from the database, printed as String() does
  const text = value === null || value === undefined ? '' : String(value);
  const safe = text.replace(LAYOUT, ' ').replace(UNSAFE, '?');
  return safe.length > maxLength ? `${safe.slice(0, Math.max(0, maxLength - 1))}…` : safe;
}

/** A plain-text table: a header row, columns padded to their widest cell, two spaces apart. */
export function renderTable(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = [headers.map((header) => terminalSafe(header)), ...rows.map((row) => headers.map((_, i) => terminalSafe(row[i])))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return (
    cells
      .map((row) =>
        row
          .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** Label/value lines, values aligned; rows whose value is `undefined` are left out. */
export function renderFields(fields: readonly (readonly [string, unknown])[]): string {
  const shown = fields.filter(([, value]) => value !== undefined);
  const width = Math.max(...shown.map(([label]) => label.length)) + 1;
  return shown.map(([label, value]) => `${`${label}:`.padEnd(width)}  ${terminalSafe(value === null ? '-' : value)}`).join('\n') + '\n';
}
