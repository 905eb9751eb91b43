// Lint, including the import boundaries of design.md: imports flow renderer → shared, preload → shared,
// main → services → shared, web host → main/services → shared; never renderer → main, never shared → anything.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const upTo = (folders) => ({
  regex: `^(\\.\\./)+(src/)?(${folders.join('|')})(/|$)`,
  message: 'Import boundary (design.md): this folder may not import from there.',
});
const nodeBuiltins = {
  regex: '^(node:|(fs|path|os|crypto|child_process|net|http|https|url|util|stream|worker_threads)(/|$))',
  message: 'Pure code: no Node built-ins here.',
};
const electron = { regex: '^electron(/|$)', message: 'Electron only in src/main (outside services) and src/preload.' };
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/shared/**'],
    rules: restrict(upTo(['main', 'renderer', 'preload', 'server', 'web-host']), nodeBuiltins, electron, {
      regex: '^react(-dom)?(/|$)',
      message: 'Pure code: no React in src/shared.',
    }),
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(upTo(['main', 'server', 'web-host']), nodeBuiltins, electron),
  },
  {
    files: ['src/preload/**'],
    rules: restrict(upTo(['main', 'renderer', 'server', 'web-host']), nodeBuiltins),
  },
  {
    // Services, handlers and dispatch run in plain Node (tests, web host): no Electron.
    files: ['src/main/services/**', 'src/main/handlers.ts', 'src/main/dispatch.ts'],
    rules: restrict(upTo(['renderer', 'preload', 'server', 'web-host']), electron),
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/services/**', 'src/main/handlers.ts', 'src/main/dispatch.ts'],
    rules: restrict(upTo(['renderer', 'preload', 'server', 'web-host'])),
  },
  {
    // The sync server shares only the pure core with the app.
    files: ['src/server/**'],
    rules: restrict(upTo(['main', 'renderer', 'preload', 'web-host']), electron),
  },
  {
    files: ['src/web-host/**'],
    rules: restrict(upTo(['renderer', 'preload']), electron),
  },
  {
    // The web host may embed the sync server for the demo (embedded-server.ts), nothing else may.
    files: ['src/web-host/**'],
    ignores: ['src/web-host/embedded-server.ts'],
    rules: restrict(upTo(['renderer', 'preload', 'server']), electron),
  },
);
