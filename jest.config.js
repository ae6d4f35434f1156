/**
 * `npm test` runs both tiers:
 *   e2e  — each file boots the service against its own fresh PostgreSQL database (globalSetup
 *          builds the migrated template they copy);
 *   unit — test/unit, pure functions (jest.unit.config.js; alone: `npm run test:unit`).
 * A project's globalSetup runs only when one of its files is selected, so a run of units alone
 * never touches PostgreSQL.
 */
const unit = require('./jest.unit.config');

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      ...unit,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/test/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    unit,
  ],
};
