import { EventEmitter } from 'node:events';
import { filterKafkaJsNegativeTimeoutWarning, isKafkaJsNegativeTimeoutWarning } from './kafka-warnings';

function warning(name: string, stackFrame: string): Error {
  const err = new Error('-1795999 is a negative number.\nTimeout duration was set to 1.');
  err.name = name;
  err.stack = `${name}: ${err.message}\n    at new Timeout (node:internal/timers:195:17)\n    at ${stackFrame}`;
  return err;
}

const KAFKAJS_FRAME =
  'RequestQueue.scheduleCheckPendingRequests (/app/node_modules/kafkajs/src/network/requestQueue/index.js:317:37)';

describe('kafkajs TimeoutNegativeWarning filter (kafkajs#1751)', () => {
  it.each([
    [warning('TimeoutNegativeWarning', KAFKAJS_FRAME), true],
    [warning('TimeoutNegativeWarning', KAFKAJS_FRAME.replace(/\//g, '\\')), true],
    [warning('TimeoutNegativeWarning', 'poll (/app/dist/libs/clearance/src/poller.js:10:3)'), false],
    [warning('TimeoutOverflowWarning', KAFKAJS_FRAME), false],
    [warning('DeprecationWarning', KAFKAJS_FRAME), false],
  ])('%s → filtered: %s', (w, filtered) => {
    expect(isKafkaJsNegativeTimeoutWarning(w)).toBe(filtered);
  });

  it("keeps only that warning from the listeners present (Node's printer), once however often installed", () => {
    const target = new EventEmitter() as unknown as NodeJS.Process;
    const printed: string[] = [];
    target.on('warning', (w: Error) => printed.push(w.stack!.split('\n').pop()!.trim()));
    filterKafkaJsNegativeTimeoutWarning(target);
    filterKafkaJsNegativeTimeoutWarning(target);
    expect(target.listenerCount('warning')).toBe(1);

    target.emit('warning', warning('TimeoutNegativeWarning', KAFKAJS_FRAME));
    target.emit('warning', warning('TimeoutNegativeWarning', 'poll (/app/dist/poller.js:10:3)'));
    target.emit('warning', warning('DeprecationWarning', KAFKAJS_FRAME));
    expect(printed).toEqual(['at poll (/app/dist/poller.js:10:3)', `at ${KAFKAJS_FRAME}`]);
  });
});
