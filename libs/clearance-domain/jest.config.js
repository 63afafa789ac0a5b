module.exports = {
  displayName: 'clearance-domain',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
