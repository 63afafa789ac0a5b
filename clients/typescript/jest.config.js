module.exports = {
  displayName: 'client-typescript',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
