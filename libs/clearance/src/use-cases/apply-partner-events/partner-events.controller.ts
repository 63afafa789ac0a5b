import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type ReceivedEvent, withFetchSpan, withReceivedSpan } from '@gba/messaging';
import { EVENT_BATCH_PATTERN } from '@gba/runtime';
import { addresseesOf, factFromEvent } from '../../infrastructure/events/fact-mapper';
import { ClearanceFactory } from '../clearance-factory';
import { ApplyPartnerEvents, type ReceivedFact } from './apply-partner-events.handler';

/**
 * The Kafka adapter of {@link ApplyPartnerEvents}: the events of one fetch in one unit of work;
 * if that fails, the consumer retries each alone through `partnerFact`, so a poison event is
 * isolated and dead-lettered by itself.
 */
@Controller()
export class PartnerEventsController {
  constructor(
    private readonly applyPartnerEvents: ApplyPartnerEvents,
    private readonly clearances: ClearanceFactory,
  ) {}

  /** Events of shipments that do not cross this territory are skipped before any decoding. */
  private facts(batch: readonly ReceivedEvent[]): ReceivedFact[] {
    const me = this.clearances.authority;
    return batch
      .filter((received) => {
        const addressees = addresseesOf(received.event);
        return addressees.length === 0 || addressees.includes(me);
      })
      .map((received) => ({
        fact: factFromEvent(received.event),
        topic: received.topic,
        traceparent: received.headers['traceparent'],
      }));
  }

  /** One span for the fetch, linked to each event's publisher. */
  @EventPattern(EVENT_BATCH_PATTERN)
  async partnerFacts(@Payload() batch: ReceivedEvent[]): Promise<void> {
    const facts = this.facts(batch);
    if (facts.length === 0) return;
    await withFetchSpan(batch, () => this.applyPartnerEvents.apply(facts));
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
    const facts = this.facts([received]);
    if (facts.length === 0) return;
    await withReceivedSpan(received, () => this.applyPartnerEvents.apply(facts));
  }
}
