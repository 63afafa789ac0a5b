module.exports = {
  displayName: 'runtime',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  globalSetup: '../testing/src/global-setup.ts',
  globalTeardown: '../testing/src/global-teardown.ts',
  testTimeout: 60000,
};
