// Test support, loaded only by end-to-end tests into a service process they start
// (`NODE_OPTIONS=--require <this file>`), never by product code: the service named by
// GBA_TEST_FAIL_START (e.g. macau-customs) exits with status 1 when started to serve; its commands
// (`migrate`) and the other services run as usual.
'use strict';

const service = process.env.GBA_TEST_FAIL_START;
const entry = process.argv[1] ?? '';
if (service && entry.endsWith(`/services/${service}/src/main.js`) && process.argv.length === 2) {
  process.stderr.write(`${service}: start-up failure injected by the test (GBA_TEST_FAIL_START)\n`);
  process.exit(1);
}
