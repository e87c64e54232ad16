'use strict';
// Markdown tables, padded so they read well on a terminal too.

function table(headers, rows, align = []) {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => String(row[i]).length)));
  const cell = (value, i) => (align[i] === 'right' ? String(value).padStart(widths[i]) : String(value).padEnd(widths[i]));
  const line = (cells) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (align[i] === 'right' ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

module.exports = { table };
