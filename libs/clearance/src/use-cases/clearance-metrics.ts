import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@gba/runtime';
import { Counter } from 'prom-client';

@Injectable()
export class ClearanceMetrics {
  readonly filed: Counter;
  readonly decisions: Counter<'authority' | 'lane' | 'outcome'>;

  constructor(metrics: MetricsRegistry) {
    this.filed = new Counter({
      name: 'gba_declarations_filed_total',
      help: 'Declarations filed with this authority',
      registers: [metrics.registry],
    });
    this.decisions = new Counter({
      name: 'gba_clearance_decisions_total',
      help: 'Clearance decisions taken by this authority, by lane and outcome',
      labelNames: ['authority', 'lane', 'outcome'],
      registers: [metrics.registry],
    });
  }
}
