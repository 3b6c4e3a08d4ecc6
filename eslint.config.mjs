import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdkImports = {
  group: ['@aws-sdk/*', '@smithy/*'],
  message: 'AWS SDK imports belong in src/collect/ (or the emulator seeding in src/demo/).',
};
const renderImports = {
  group: ['handlebars', 'puppeteer', 'puppeteer-core'],
  message: 'handlebars and puppeteer belong in src/render/.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.bench/**',
      'node_modules/**',
      'reports/**',
      'test-output/**',
      'jest.config.js',
      'test/support/global-setup.js',
      'test/support/global-setup-e2e.js',
      'test/support/setup-env.js',
      'bench/report-rss.js',
      'test/fixtures/checks-dir/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Prettier wraps at 120; a string, template or regular expression it cannot break may run on.
    files: ['**/*.{ts,js,mjs}'],
    rules: {
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [sdkImports, renderImports] }],
    },
  },
  {
    files: ['src/collect/**/*.ts', 'src/demo/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [renderImports] }] },
  },
  {
    files: ['src/render/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [sdkImports] }] },
  },
  {
    // The worked example is what a check author writes: plain CommonJS with jest's globals.
    files: ['examples/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        exports: 'writable',
        describe: 'readonly',
        it: 'readonly',
        expect: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['checks/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            sdkImports,
            renderImports,
            {
              group: [
                'node:*',
                'fs',
                'path',
                'child_process',
                'http',
                'https',
                '**/collect/**',
                '**/render/**',
                '**/engine/**',
              ],
              message: 'Checks are pure: import only types and helpers.',
            },
          ],
        },
      ],
    },
  },
);
