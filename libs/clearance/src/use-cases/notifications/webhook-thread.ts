import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DeliveryRun, RunOutcome } from './webhook-sender';
import type { FromWorker, ToWorker } from './webhook-worker';

/**
 * Sends delivery runs (`sendInOrder`) on a worker thread of their own, with its own event loop
 * and kept-alive connections: one subscriber's deliveries go strictly one after the other, so
 * each waits for its answer to be noticed, and in the service's main thread (busy filing,
 * consuming partner events and writing) that wait was most of a delivery's time (profiled under
 * the notification latency bench: ~93 % of the dispatcher's time, 20-130 ms per delivery, against
 * 0.4 ms for the same exchange in an idle process). The thread is started on first use and again
 * after it died (its runs then fail, and are retried as failed attempts).
 */
export class WebhookThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (o: RunOutcome) => void; reject: (e: Error) => void }
  >();

  /** Sends the run on the thread; its outcome once the last delivery of it ended. */
  send(run: DeliveryRun): Promise<RunOutcome> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise<RunOutcome>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, run } satisfies ToWorker);
    });
  }

  /** No further delivery starts; the runs under way end after their current delivery. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    worker.postMessage({ stop: true } satisfies ToWorker);
    while (this.pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    this.worker = undefined;
    await worker.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(join(__dirname, 'webhook-worker.js'));
    worker.unref();
    worker.on('message', (message: FromWorker) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if ('outcome' in message) waiting.resolve(message.outcome);
      else waiting.reject(new Error(message.error));
    });
    const failAll = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id);
        waiting.reject(err);
      }
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`webhook thread exited (${code})`)));
    this.worker = worker;
    return worker;
  }
}
