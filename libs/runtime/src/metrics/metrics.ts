import { Controller, Get, Header, Injectable, Logger } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { dbStatementsTotal } from '../telemetry/unit-of-work';

/** One Prometheus registry per service; features register their own counters and gauges in it. */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.registry.registerMetric(dbStatementsTotal);
  }
}

const collectLogger = new Logger('metrics');

/**
 * Makes a metric's `collect` safe for the scrape: prom-client 15 awaits every `collect` and fails
 * the whole `/metrics` when one rejects, and waits for as long as one hangs. The returned `collect`
 * runs `read` (which sets the metric's values), waits for it `timeoutMs` at most and never throws.
 * When `read` fails or is late, the metric keeps its last values (a late `read` still updates them
 * when it ends); a read still in progress is awaited rather than started again, so an outage never
 * piles reads up. A failure is logged at warn when it starts, at debug while it lasts, and at log
 * level when the metric reads again.
 *
 * @param name the metric's name, for the log lines.
 * @param timeoutMs how long a scrape waits for `read`, in milliseconds.
 * @param read reads the figures and sets them on the metric (`this`).
 */
export function boundedCollect<M>(
  name: string,
  timeoutMs: number,
  read: (metric: M) => Promise<void>,
): (this: M) => Promise<void> {
  let inFlight: Promise<void> | undefined;
  let failing = false;
  const failed = (reason: string) => {
    if (failing) collectLogger.debug({ metric: name, reason }, `${name}: still not read`);
    else
      collectLogger.warn({ metric: name, reason }, `${name}: not read (${reason}); keeping its last values`);
    failing = true;
  };
  return async function collect(this: M) {
    inFlight ??= read(this)
      .then(
        () => {
          if (failing) collectLogger.log({ metric: name }, `${name}: read again`);
          failing = false;
        },
        (err: unknown) => failed(err instanceof Error ? err.message : String(err)),
      )
      .finally(() => (inFlight = undefined));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    try {
      if ((await Promise.race([inFlight, late])) === 'late') failed(`no answer within ${timeoutMs} ms`);
    } finally {
      clearTimeout(timer);
    }
  };
}

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  render(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
