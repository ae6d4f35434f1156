/**
 * The unit tier: test/unit, pure functions only — no database, no network, no Nest app, so no
 * globalSetup. `npm run test:unit` runs it alone (in seconds); jest.config.js runs it as one of
 * its two projects under `npm test`.
 */
// A few dependencies ship only ES modules; jest's CommonJS runtime needs them transpiled.
const ESM_PACKAGES = [
  'content-disposition',
  'glob',
  'minimatch',
  'path-scurry',
  'lru-cache',
  'minipass',
  'jackspeak',
  'package-json-from-dist',
  'foreground-child',
  'signal-exit',
  '@isaacs',
];

module.exports = {
  displayName: 'unit',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/unit/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }],
    '^.+\\.js$': ['ts-jest', { tsconfig: { isolatedModules: true, allowJs: true } }],
  },
  transformIgnorePatterns: [`node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
};
