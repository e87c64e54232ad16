import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver = require('semver') as { satisfies(version: string, range: string): boolean; minVersion(range: string): { version: string } };

const ROOT = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** What a user installs: the files `npm pack` puts in the tarball (dist/ is built by `npm test` before the e2e specs). */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((file) => file.path);
}

describe('the published package', () => {
  it('says where it lives and under which licence, and ships that licence', () => {
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\//);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs?.url).toMatch(/^https:\/\//);
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('ships README, LICENSE and the compiled library, and source maps only with their sources inside', () => {
    const files = packedFiles();
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js']));
    expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    const maps = files.filter((file) => file.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    for (const file of maps) {
      const map = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      const carried = (map.sourcesContent ?? []).filter((content) => typeof content === 'string' && content.length > 0);
      expect({ file, carried: carried.length }).toEqual({ file, carried: map.sources.length });
    }
  });

  it.each([
    ['@nestjs/common', ['10.4.15', '11.0.0', '11.1.6', '12.5.1'], ['9.4.3']],
    ['@nestjs/core', ['10.4.15', '11.0.0', '11.1.6', '12.5.1'], ['9.4.3']],
    ['@nestjs/typeorm', ['10.0.2', '11.0.0', '12.0.2'], ['9.0.1']],
    ['@nestjs/swagger', ['7.4.2', '8.1.1', '11.0.0', '11.2.0', '12.0.2'], ['6.3.0']],
    ['@nestjs/terminus', ['10.2.3', '11.0.0', '12.1.0'], ['9.2.2']],
    ['@nestjs/event-emitter', ['2.1.1', '3.0.1', '12.0.1'], ['1.4.2']],
    ['typeorm', ['0.3.20', '0.3.31', '1.0.0', '1.1.1'], ['0.2.45', '0.3.10']],
  ])('accepts %s at the majors in use', (name, accepted, refused) => {
    const range: string = pkg.peerDependencies[name];
    for (const version of accepted) expect({ version, ok: semver.satisfies(version, range) }).toEqual({ version, ok: true });
    for (const version of refused) expect({ version, ok: semver.satisfies(version, range) }).toEqual({ version, ok: false });
  });

  it('keeps the optional peers optional', () => {
    for (const name of ['@nestjs/event-emitter', '@nestjs/terminus', 'ioredis', 'pg', 'graphql']) {
      expect({ name, optional: pkg.peerDependenciesMeta[name]?.optional }).toEqual({ name, optional: true });
    }
  });

  it('depends on nothing that asks for a newer Node.js than the one it names (no EBADENGINE from its own choices)', () => {
    const oldest = semver.minVersion(pkg.engines.node).version;
    // The runtime dependencies and theirs, as installed (hoisted or nested below the package that needs them).
    const seen = new Set<string>();
    const visit = (name: string, from: string) => {
      const candidates = [join(from, 'node_modules', name), join(ROOT, 'node_modules', name)];
      const dir = candidates.find((candidate) => existsSync(join(candidate, 'package.json')))!;
      if (seen.has(dir)) return;
      seen.add(dir);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const engines: string | undefined = manifest.engines?.node;
      if (engines !== undefined) expect({ name, engines, ok: semver.satisfies(oldest, engines) }).toEqual({ name, engines, ok: true });
      for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, dir);
    };
    for (const name of Object.keys(pkg.dependencies)) visit(name, ROOT);
    expect(seen.size).toBeGreaterThanOrEqual(Object.keys(pkg.dependencies).length);
  });
});
