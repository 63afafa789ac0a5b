module.exports = {
  displayName: 'guangzhou-customs',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  globalSetup: '../../libs/testing/src/global-setup.ts',
  globalTeardown: '../../libs/testing/src/global-teardown.ts',
  testTimeout: 60000,
};
