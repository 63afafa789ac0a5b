/**
 * kafkajs 2.2.4 (the last release) calls `setTimeout(…, throttledUntil - Date.now())` in
 * RequestQueue.scheduleCheckPendingRequests with `throttledUntil` still -1 when no broker throttled
 * it, a large negative delay. Node ≥ 23 answers with a `TimeoutNegativeWarning` on stderr and uses
 * 1 ms, which is what kafkajs means (check the queue now): harmless, but printed at every
 * connection. Upstream: https://github.com/tulios/kafkajs/issues/1751 (open; fix proposed in
 * https://github.com/tulios/kafkajs/pull/1755, unreleased). Until a kafkajs release fixes it, this
 * exact warning — its name, and raised from kafkajs's requestQueue — is kept from Node's default
 * printer; every other warning is printed as before. Remove with a kafkajs release that fixes #1751.
 */
export function isKafkaJsNegativeTimeoutWarning(warning: Error): boolean {
  return (
    warning.name === 'TimeoutNegativeWarning' &&
    /[\\/]kafkajs[\\/]src[\\/]network[\\/]requestQueue[\\/]/.test(warning.stack ?? '')
  );
}

const INSTALLED = Symbol.for('gba.messaging.kafkaJsWarningFilter');

/**
 * Puts a filter in front of the process's `warning` listeners present now (Node's printer among
 * them): they no longer get {@link isKafkaJsNegativeTimeoutWarning}; once per process.
 */
export function filterKafkaJsNegativeTimeoutWarning(target: NodeJS.Process = process): void {
  const marked = target as NodeJS.Process & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;
  const listeners = target.listeners('warning') as ((warning: Error) => void)[];
  for (const listener of listeners) target.removeListener('warning', listener);
  target.on('warning', (warning: Error) => {
    if (isKafkaJsNegativeTimeoutWarning(warning)) return;
    for (const listener of listeners) listener.call(target, warning);
  });
}
