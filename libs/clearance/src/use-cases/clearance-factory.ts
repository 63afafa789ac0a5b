import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import { Clearance } from '@gba/clearance-domain';
import { ClearanceMetrics } from './clearance-metrics';
import type { Loaded } from './ports';

const CLOCK = { now: () => new Date(), newId: () => randomUUID() };

/** A unit of work's clearance over what it loaded, with this service's settings. */
@Injectable()
export class ClearanceFactory {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly metrics: ClearanceMetrics,
  ) {}

  get authority() {
    return this.config.authority;
  }

  create(loaded: Loaded): Clearance {
    return new Clearance(
      this.config.authority,
      {
        randomSelection: this.config.randomSelection,
        selectionKey: this.config.selectionKey,
        riskTargets: loaded.riskTargets,
        knownConsignors: new Set(loaded.knownConsignors),
        law: loaded.law,
        books: loaded.books,
      },
      loaded.records,
      CLOCK,
    );
  }

  /** Counts what a committed unit decided. */
  committed(clearance: Clearance): void {
    for (const d of clearance.decisions) {
      this.metrics.decisions.inc({ authority: this.config.authority, lane: d.lane, outcome: d.outcome });
    }
  }
}
