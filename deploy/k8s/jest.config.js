// The Kubernetes manifests of deploy/k8s: schema validation and cross-references. No database or
// Kafka, so no global setup.
module.exports = {
  displayName: 'k8s',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 60000,
};
