module.exports = {
  displayName: 'standards',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.spec.ts'],
  coverageThreshold: { global: { lines: 95 } },
};
