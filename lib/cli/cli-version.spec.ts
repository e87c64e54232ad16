import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliVersion } from './cli-version';

describe('cliVersion', () => {
  it("reads this package's version from above the CLI folder", () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(cliVersion()).toBe(version);
  });

  it('says unknown when no package.json of the package is found', () => {
    expect(cliVersion('/')).toBe('unknown');
  });
});
