/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/test',
    '<rootDir>/workflows',
    '<rootDir>/activities',
    '<rootDir>/api',
    '<rootDir>/workers',
    '<rootDir>/platform',
    '<rootDir>/payment-gateway',
  ],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(ts|js)$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // jose ships ES modules only; jest's CommonJS runtime needs it transformed.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Every process a test file spawned (test/support/spawn-for-test.ts) ends with the file, however it ended.
  setupFilesAfterEnv: ['<rootDir>/test/support/end-spawned.ts'],
  testTimeout: 120_000,
  // Two cores: one test file per core keeps the servers responsive.
  maxWorkers: 2,
};
