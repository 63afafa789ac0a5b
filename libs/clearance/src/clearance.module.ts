import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@gba/auth';
import { AUTHORITY_POLICY } from './authority-policy';
import { PartnerEventsController } from './exchange/partner-events.controller';
import { DeclarationFiling } from './filing/declaration-filing';
import { DeclarationsController } from './filing/declarations.controller';
import { FilingMetrics } from './filing/filing-metrics';
import { OutboxRelayService } from './exchange/outbox-relay.service';
import { ClearanceRecorder } from './lifecycle/clearance-recorder';
import { OwnAssessment } from './lifecycle/own-assessment';
import { CallerGuard } from './officers/caller.guard';
import { OfficerWork } from './officers/officer-work';
import { DeclarationActionsController, InspectionsController } from './officers/officers.controller';
import { PlatformKeys } from './platform-auth/platform-keys';
import { PlatformGuard } from './platform-auth/platform.guard';
import { RiskTargetsController } from './risk/risk-targets.controller';
import type { ClearanceServiceDefinition } from './run-clearance-service';
import { AuditTrailRepository } from './infrastructure/postgres/audit-trail.repository';
import { AuditController } from './use-cases/audit/audit.controller';
import { AuditSequencerService } from './use-cases/audit/audit-sequencer';

/** The shared declaration lifecycle, parameterised by one authority's policy. */
@Module({})
export class ClearanceModule {
  static forAuthority(
    definition: Pick<ClearanceServiceDefinition, 'authority' | 'policy' | 'controllers'>,
  ): DynamicModule {
    return {
      module: ClearanceModule,
      imports: [AuthModule.forRoot()],
      controllers: [
        DeclarationsController,
        DeclarationActionsController,
        InspectionsController,
        RiskTargetsController,
        AuditController,
        PartnerEventsController,
        ...(definition.controllers ?? []),
      ],
      providers: [
        ...(definition.policy
          ? [definition.policy, { provide: AUTHORITY_POLICY, useExisting: definition.policy }]
          : [{ provide: AUTHORITY_POLICY, useValue: { authority: definition.authority } }]),
        OwnAssessment,
        ClearanceRecorder,
        DeclarationFiling,
        FilingMetrics,
        PlatformKeys,
        PlatformGuard,
        CallerGuard,
        OfficerWork,
        OutboxRelayService,
        AuditTrailRepository,
        AuditSequencerService,
      ],
      exports: [PlatformGuard, CallerGuard],
    };
  }
}
