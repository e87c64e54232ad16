#!/usr/bin/env node
// Writes every ```ts block of README.md into a folder as a file of its own (readme-01.ts, ...), with the few
// app files the blocks import as "your own" (compat/readme-support/), so that a generated app can compile and
// lint them exactly as a user would paste them. Usage: node scripts/readme-snippets.js <folder>
'use strict';
const { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');

/** The TypeScript blocks of a Markdown text, with the line each starts on. */
function typescriptBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    blocks.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

module.exports = { typescriptBlocks };

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node scripts/readme-snippets.js <folder>');
    process.exit(2);
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(join(ROOT, 'compat', 'readme-support'), out, { recursive: true });
  const blocks = typescriptBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  blocks.forEach((block, index) => {
    const name = `readme-${String(index + 1).padStart(2, '0')}.ts`;
    writeFileSync(join(out, name), `// README.md line ${block.line}\n${block.code}\n`);
  });
  console.log(`${blocks.length} TypeScript blocks of README.md written to ${out}`);
}
