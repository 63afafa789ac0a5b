// The webhook sending thread's entry point (see WebhookThread): runs delivery runs as the main
// thread hands them over, each in order, several subscribers' runs at once.
import { parentPort } from 'node:worker_threads';
import { type DeliveryRun, sendInOrder } from './webhook-sender';

/** From the main thread: a run to send, or `stop` (no further delivery starts). */
export type ToWorker = { id: number; run: DeliveryRun } | { stop: true };
/** To the main thread: a run's outcome, or why it could not be sent at all. */
export type FromWorker =
  | { id: number; outcome: import('./webhook-sender').RunOutcome }
  | { id: number; error: string };

let stopping = false;
parentPort?.on('message', (message: ToWorker) => {
  if ('stop' in message) {
    stopping = true;
    return;
  }
  sendInOrder(message.run, () => stopping).then(
    (outcome) => parentPort?.postMessage({ id: message.id, outcome } satisfies FromWorker),
    (err: unknown) => parentPort?.postMessage({ id: message.id, error: String(err) } satisfies FromWorker),
  );
});
