// ESLint (flat config): typescript-eslint's recommended rules, with formatting left to Prettier
// (eslint-config-prettier turns off every rule that would fight it). `npm run lint` in `npm test`.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'bench-results/',
      'tmp/',
      'var/',
      'data/',
      'libs/client/src/schema.ts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // Lines Prettier cannot break (long strings, SQL, test names) may exceed it; code may not.
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      // Node's globals that the plain scripts use (the TypeScript code gets them from @types/node).
      globals: Object.fromEntries(
        [
          'require',
          'module',
          'process',
          '__dirname',
          'console',
          'fetch',
          'URL',
          'setTimeout',
          'clearTimeout',
          'Buffer',
        ].map((name) => [name, name === 'module' ? 'writable' : 'readonly']),
      ),
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
