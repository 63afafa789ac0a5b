import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { firstDelivery, type ReceivedEvent, withReceivedSpan } from '@gba/messaging';
import { EVENT_BATCH_PATTERN } from '@gba/runtime';
import { unitOfWork } from '../unit-of-work';
import { DataSource } from 'typeorm';
import { ClearanceRecorder } from '../lifecycle/clearance-recorder';

/**
 * The Kafka adapter: every partner's event is applied exactly once (inbox) in one transaction
 * with its effect, including this authority's reaction to it (assessing a declaration filed with
 * a partner, recognising a partner's inspection, ...).
 */
@Controller()
export class PartnerEventsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recorder: ClearanceRecorder,
  ) {}

  /** The events of one fetch in one transaction; on failure each is retried alone by partnerFact. */
  @EventPattern(EVENT_BATCH_PATTERN)
  async partnerFacts(@Payload() batch: ReceivedEvent[]): Promise<void> {
    const mine = batch.filter((received) => this.recorder.isAddressedHere(received.event));
    if (mine.length === 0) return;
    await unitOfWork(this.dataSource, async (manager) => {
      for (const received of mine) {
        await withReceivedSpan(received, async () => {
          if (await firstDelivery(manager, received)) await this.recorder.receive(manager, received.event);
        });
      }
    });
  }

  @EventPattern([
    'declarationFiled',
    'assessmentCompleted',
    'clearanceDecided',
    'inspectionRequested',
    'inspectionRecorded',
    'eLockApplied',
    'eLockVerified',
  ])
  async partnerFact(@Payload() received: ReceivedEvent): Promise<void> {
    // Events of shipments that do not cross this territory are skipped without a transaction.
    if (!this.recorder.isAddressedHere(received.event)) return;
    await unitOfWork(this.dataSource, async (manager) => {
      if (await firstDelivery(manager, received)) await this.recorder.receive(manager, received.event);
    });
  }
}
