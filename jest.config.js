// NestJS 12 ships ESM only; @swc/jest transforms node_modules too (transformIgnorePatterns: [])
// so Jest's CommonJS runtime can load it. Type checking is `npm run typecheck`.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/lib/**/*.spec.ts'] },
    // e2e hooks and tests boot apps and rebuild schemas on real databases: Jest's 5 s default is too short for
    // a loaded CI machine, and would end a polling wait (test/utils/eventually.ts) before it can show its diff.
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.js',
      testTimeout: 30_000,
    },
  ],
};
