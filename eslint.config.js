// Lint rules, including the import rules of STYLE.md ("What may import what"): CI fails when a
// module reaches into a layer it must not depend on.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Type-only imports are allowed: a route may name a domain type without reaching the store.
const restrict = (files, patterns, message, allowTypeImports = false) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: [{ group: patterns, message, allowTypeImports }] },
    ],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'test-output/', 'web/dist/', 'web/dist.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  restrict(['src/contracts/**'], ['../*', '!./*'], 'contracts depend on the schema library only.'),
  restrict(['emulator/**'], ['**/src/**', '**/web/**'], 'The emulator shares no code with the service (STYLE.md).'),
  restrict(['src/boomi/**'], ['**/features/**'], 'The Boomi client knows nothing of promotions.'),
  restrict(['src/platform/**'], ['**/features/**', '**/boomi/**'], 'platform/ is below every feature.'),
  restrict(
    ['src/features/**/*-routes.ts', 'src/features/**/*-jobs.ts'],
    ['**/*-store*', '**/platform/db*'],
    'Routes and jobs go through their service.',
    true,
  ),
  restrict(
    ['src/features/**/*-service.ts'],
    ['fastify', '**/*-routes*', '**/pg-*-store*'],
    'Services use store interfaces, never Fastify or SQL.',
  ),
  restrict(
    ['src/features/**/pg-*-store.ts'],
    ['**/*-service*', '**/contracts/**'],
    'Stores hold SQL and domain rows only.',
  ),
  restrict(
    ['src/cli/**'],
    ['**/features/**', '**/platform/**', '**/boomi/**', '**/main.ts', '**/app.ts', '**/config.ts', 'fastify'],
    'The command line is an HTTP client of the service: it loads none of it (docs/adr/0017).',
  ),
  restrict(
    ['web/**'],
    ['**/src/!(contracts)/**', '**/emulator/**'],
    'The dashboard talks to the service through contracts only.',
  ),
);
