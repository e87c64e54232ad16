// @ts-check
// ESLint with typescript-eslint's type-checked rules, as `nest new` sets up; formatting is Prettier's job
// (eslint-config-prettier turns off the rules that would fight it). `npm run lint` runs both; CI runs it.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'sample-app/dist/**', 'compat/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      sourceType: 'commonjs',
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      // Requests, responses and app instances come from whichever HTTP adapter runs (`AdapterRequest` is `any`
      // on purpose: Express, Fastify and GraphQL contexts differ), and optional peers (ioredis, pg, graphql,
      // @nestjs/event-emitter) are loaded at run time. Reads of those are what these rules flag; typing them
      // would be casts that check nothing.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Tests: supertest bodies are `any`, stubs are async without awaiting, and `expect(mock.method)` is how
    // Jest asserts calls.
    files: ['test/**/*.ts', '**/*.spec.ts', '**/*.contract.ts'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
