/**
 * Three projects: `unit` needs neither the emulator nor dist/ and runs in seconds
 * (npm run test:unit); `integration` starts moto's server; `e2e` runs the built CLI.
 * `npm test` runs them all.
 * @type {import('jest').Config}
 */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFiles: ['<rootDir>/test/support/setup-env.js'],
  // The examples import the package by name, as a user's project does.
  moduleNameMapper: { '^trailaudit/testing$': '<rootDir>/src/testing' },
};

module.exports = {
  testTimeout: 120000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/test/unit', '<rootDir>/examples'],
      testMatch: ['**/*.test.ts', '<rootDir>/examples/**/*.test.js'],
    },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test/integration'],
      testMatch: ['**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.js',
    },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup-e2e.js',
    },
  ],
};
