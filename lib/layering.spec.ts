import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The layers of lib/, lowest first. A file may import from its own layer or a lower one, never a higher one:
 * imports flow from the module down to the parts it assembles. The README's "Development" section draws this.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['maintenance.constants.ts', 'maintenance.internal-constants.ts', 'maintenance.messages.ts', 'maintenance.limits.ts', 'interfaces/', 'utils/'],
  ['bypass/', 'persistence/', 'recurrence/', 'calendar/', 'i18n/', 'notify/', 'metrics/'],
  ['options/'],
  ['state/', 'audit/'],
  ['sync/', 'stream/', 'enforcement/', 'jobs/', 'fleet/'],
  ['windows/', 'webhooks/'],
  ['admin/', 'health/', 'swagger/', 'monitoring/', 'console/'],
  ['cli/', 'testing/', 'maintenance.module.ts', 'maintenance.module-definition.ts', 'maintenance-module.builder.ts', 'index.ts'],
];

const LIB = __dirname;

function layerOf(file: string): number {
  const path = relative(LIB, file).split('\\').join('/');
  const layer = LAYERS.findIndex((entries) => entries.some((entry) => (entry.endsWith('/') ? path.startsWith(entry) : path === entry)));
  if (layer === -1) throw new Error(`${path} is in no layer: add it to LAYERS in lib/layering.spec.ts`);
  return layer;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.contract.ts') ? [path] : [];
  });
}

function relativeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  // Statements at the start of a line only: JSDoc examples import things too.
  return [...source.matchAll(/^(?:import|export)\b[^;]*?\sfrom\s+'(\.{1,2}\/[^']+)'/gm)].map((match) => resolve(dirname(file), match[1]));
}

function resolveImport(target: string): string {
  for (const candidate of [`${target}.ts`, join(target, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next form
    }
  }
  throw new Error(`cannot resolve ${target}`);
}

describe('layering of lib/', () => {
  const files = sourceFiles(LIB);

  it('puts every source file in a layer', () => {
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) expect(() => layerOf(file)).not.toThrow();
  });

  it('has no import from a lower layer to a higher one', () => {
    const upward: string[] = [];
    for (const file of files) {
      for (const target of relativeImports(file).map(resolveImport)) {
        if (layerOf(target) > layerOf(file)) upward.push(`${relative(LIB, file)} → ${relative(LIB, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps TypeORM queries in persistence/ (and the CLI, which opens its own connection, and sync, which needs the driver)', () => {
    const outside = files.filter((file) => {
      const path = relative(LIB, file);
      return /from 'typeorm'/.test(readFileSync(file, 'utf8')) && !/^(persistence|cli|sync)\//.test(path) && path !== 'maintenance-module.builder.ts';
    });
    expect(outside.map((file) => relative(LIB, file))).toEqual([]);
  });
});
