// Test support, loaded only by end-to-end tests into a service process they start
// (`NODE_OPTIONS=--require <this file>`), never by product code: the process runs on a clock shifted
// by GBA_TEST_CLOCK_OFFSET_MS (milliseconds, negative for the past), as if it ran at another time.
// Only Date moves (Date.now and `new Date()`): timers and durations keep real time.
'use strict';

const offset = Number(process.env.GBA_TEST_CLOCK_OFFSET_MS);
if (Number.isFinite(offset) && offset !== 0) {
  const RealDate = Date;
  const now = () => RealDate.now() + offset;
  function ShiftedDate(...args) {
    if (!new.target) return new RealDate(now()).toString();
    return args.length === 0 ? new RealDate(now()) : new RealDate(...args);
  }
  ShiftedDate.prototype = RealDate.prototype;
  ShiftedDate.now = now;
  ShiftedDate.parse = RealDate.parse;
  ShiftedDate.UTC = RealDate.UTC;
  globalThis.Date = ShiftedDate;
}
