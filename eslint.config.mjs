// Lint rules: typescript-eslint's type-aware recommended set, plus a guard that keeps Node and
// network modules out of workflow code (it runs in Temporal's deterministic sandbox).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'bench/results/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', 'bin/*.cjs', 'scripts/*.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'http',
                'https',
                'net',
                'child_process',
                'crypto',
                'os',
                'path',
                '@aws-sdk/*',
              ],
              message: 'Workflow code must stay deterministic: no Node modules, no network clients.',
            },
            {
              group: [
                '**/activities',
                '**/activities/**',
                '**/src/lightsail/**',
                '**/src/emulator/**',
                '**/src/dev/**',
              ],
              allowTypeImports: true,
              message: 'Workflows import activities (and anything that does I/O) as types only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', 'bin/*.cjs', 'scripts/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Examples are Node programs people run as they are.
    files: ['examples/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // Scripts that run before `npm ci` (scripts/node-runtime.mjs): plain Node programs.
    files: ['scripts/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
  {
    files: ['bin/*.cjs', 'scripts/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
