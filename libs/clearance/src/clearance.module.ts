import { type DynamicModule, Module } from '@nestjs/common';
import { AUTHORITY_POLICY, type AuthorityPolicy } from './authority-policy';
import { PartnerEventsController } from './exchange/partner-events.controller';
import { DeclarationFiling } from './filing/declaration-filing';
import { DeclarationsController } from './filing/declarations.controller';
import { FilingMetrics } from './filing/filing-metrics';
import { OutboxRelayService } from './exchange/outbox-relay.service';
import { ClearanceRecorder } from './lifecycle/clearance-recorder';
import { OwnAssessment } from './lifecycle/own-assessment';
import { PlatformKeys } from './platform-auth/platform-keys';

/** The shared declaration lifecycle, parameterised by one authority's policy. */
@Module({})
export class ClearanceModule {
  static forAuthority(policy: AuthorityPolicy): DynamicModule {
    return {
      module: ClearanceModule,
      controllers: [DeclarationsController, PartnerEventsController],
      providers: [
        { provide: AUTHORITY_POLICY, useValue: policy },
        OwnAssessment,
        ClearanceRecorder,
        DeclarationFiling,
        FilingMetrics,
        PlatformKeys,
        OutboxRelayService,
      ],
    };
  }
}
