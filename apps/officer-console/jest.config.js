module.exports = {
  displayName: 'officer-console',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
};
