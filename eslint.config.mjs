// ESLint, type-aware through typescript-eslint's project service (the same tsconfig as `npm run typecheck`). The rule
// set is small on purpose: what the compiler cannot see. A promise nobody awaits loses its error (an edit that
// failed, a webview post after dispose) without a trace, so every promise is awaited, returned, or marked `void`
// with a comment saying why nobody waits for it. The core's layer rule is also checked here, at the import, so the
// message names the import; tsconfig.core.json checks the globals (`document`, `process`).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', '.vscode-test/**', '.vscode-test-web/**', 'test-results/**', 'scripts/reference/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // vscode's API returns Thenables, so they count; node:test's describe/it return promises its runner tracks.
      '@typescript-eslint/no-floating-promises': ['error', { checkThenables: true, allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(node:|vscode$)', message: 'src/core is pure: hosts do the I/O and hand the core texts (ARCHITECTURE.md, Invariants).' },
            { regex: '^\\.\\./(\\.\\./)*(extension|cli|shared|action)/', message: 'src/core imports nothing from the hosts.' },
          ],
        },
      ],
    },
  },
);
