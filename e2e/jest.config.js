module.exports = {
  displayName: 'e2e',
  preset: '../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  globalSetup: '../libs/testing/src/global-setup.ts',
  globalTeardown: '../libs/testing/src/global-teardown.ts',
  testTimeout: 120000,
};
