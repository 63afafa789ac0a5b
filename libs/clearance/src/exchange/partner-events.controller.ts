import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { applyOnce, type ReceivedEvent } from '@gba/messaging';
import { validateDeclaration } from '@gba/standards';
import { DataSource } from 'typeorm';
import { DeclarationFiling } from '../filing/declaration-filing';
import { applyEvent } from '../lifecycle/projection';
import { OwnAssessment } from '../lifecycle/own-assessment';

/**
 * The Kafka adapter: partners' events, each applied exactly once (inbox) in one transaction with
 * its effect. A declaration filed with a partner is assessed here as soon as it arrives.
 */
@Controller()
export class PartnerEventsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ownAssessment: OwnAssessment,
    private readonly filing: DeclarationFiling,
  ) {}

  @EventPattern('declarationFiled')
  async declarationFiled(@Payload() received: ReceivedEvent): Promise<void> {
    await applyOnce(this.dataSource, received, async (manager) => {
      await applyEvent(manager, received.event);
      const body = received.event.body;
      if (body.case !== 'declarationFiled') return;
      const validation = validateDeclaration(JSON.parse(body.value.declarationJson));
      if (!validation.ok)
        throw new Error(`partner's declaration fails the data standard: ${validation.errors[0]?.code}`);
      await this.filing.record(
        manager,
        await this.ownAssessment.assess(manager, received.event.declarationId, validation.declaration),
      );
    });
  }

  @EventPattern([
    'assessmentCompleted',
    'clearanceDecided',
    'inspectionRequested',
    'inspectionRecorded',
    'eLockApplied',
    'eLockVerified',
  ])
  async partnerFact(@Payload() received: ReceivedEvent): Promise<void> {
    await applyOnce(this.dataSource, received, (manager) => applyEvent(manager, received.event));
  }
}
