import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import { AuthModule } from '@gba/auth';
import type { OwnLaw } from '@gba/clearance-domain';
import { PostgresDeclarationReader } from './infrastructure/postgres/declaration-queries';
import { PostgresInspectionQueue } from './infrastructure/postgres/inspection-queue.repository';
import type { OwnBooksStore } from './infrastructure/postgres/own-books.store';
import {
  OWN_BOOKS_STORE,
  OWN_LAW,
  PostgresClearanceStore,
} from './infrastructure/postgres/postgres-clearance.store';
import { AuditTrailRepository } from './infrastructure/postgres/audit-trail.repository';
import {
  PostgresDeliveryStore,
  PostgresNotificationStore,
} from './infrastructure/postgres/notifications.repository';
import { PostgresSubscriptionStore } from './infrastructure/postgres/subscriptions.repository';
import { NotificationDispatcher } from './use-cases/notifications/notification-dispatcher';
import {
  DeliveryStore,
  NotificationStore,
  SubscriptionStore,
} from './use-cases/notifications/notification-ports';
import {
  NotificationsController,
  SubscriptionController,
} from './use-cases/notifications/notifications.controller';
import { PlatformNotifications } from './use-cases/notifications/notifications.handler';
import { PostgresRiskTargetStore } from './infrastructure/postgres/risk-targets.repository';
import { OutboxRelayService } from './infrastructure/outbox-relay.service';
import { CallerGuard } from './use-cases/platform-keys/caller.guard';
import { PlatformKeys, PlatformKeyStore } from './use-cases/platform-keys/platform-keys';
import { PostgresPlatformKeyStore } from './infrastructure/postgres/platform-keys.repository';
import { PlatformGuard } from './use-cases/platform-keys/platform.guard';
import { PlatformRateLimit } from './use-cases/platform-keys/rate-limit';
import { PostgresPlatformRateLimit } from './infrastructure/postgres/platform-rate-limit';
import { ApplyPartnerEvents } from './use-cases/apply-partner-events/apply-partner-events.handler';
import { PartnerEventsController } from './use-cases/apply-partner-events/partner-events.controller';
import { AuditController } from './use-cases/audit/audit.controller';
import { AuditSequencerService } from './use-cases/audit/audit-sequencer';
import { ClearanceFactory } from './use-cases/clearance-factory';
import { ClearanceMetrics } from './use-cases/clearance-metrics';
import { Decide } from './use-cases/decide/decide.handler';
import { DecisionController } from './use-cases/decide/decision.controller';
import { ELocksController } from './use-cases/e-locks/e-locks.controller';
import { ELocks } from './use-cases/e-locks/e-locks.handler';
import { DeclarationsController } from './use-cases/file-declarations/declarations.controller';
import { FileDeclarations } from './use-cases/file-declarations/file-declarations.handler';
import { FilingGroups } from './use-cases/file-declarations/filing-groups';
import { ClearanceStore } from './use-cases/ports';
import { DeclarationReader } from './use-cases/query-declarations/declaration-reader';
import { QueryDeclarationsController } from './use-cases/query-declarations/query-declarations.controller';
import { InspectionQueue } from './use-cases/record-inspection-result/inspection-queue';
import { InspectionsController } from './use-cases/record-inspection-result/inspections.controller';
import { RecordInspectionResult } from './use-cases/record-inspection-result/record-inspection-result.handler';
import { RiskTargetsController } from './use-cases/risk-targets/risk-targets.controller';
import { CancelDeclaration } from './use-cases/cancel-declaration/cancel-declaration.handler';
import { CancellationController } from './use-cases/cancel-declaration/cancellation.controller';
import { AmendmentsController } from './use-cases/amend-declaration/amendments.controller';
import { AmendDeclaration } from './use-cases/amend-declaration/amend-declaration.handler';
import { RiskTargets, RiskTargetStore } from './use-cases/risk-targets/risk-targets.handler';
import { DocumentExchangeService } from './infrastructure/document-exchange.service';
import { PostgresSupportingDocumentStore } from './infrastructure/postgres/supporting-documents.repository';
import { MediaTypeSniffer } from './use-cases/supporting-documents/media-type';
import { SupportingDocumentsController } from './use-cases/supporting-documents/supporting-documents.controller';
import {
  SupportingDocuments,
  SupportingDocumentStore,
} from './use-cases/supporting-documents/supporting-documents.handler';

/** An authority's own law: the pure rules and the store of its books. */
export interface OwnLawDefinition {
  law: Type<OwnLaw>;
  books: Type<OwnBooksStore>;
}

export interface ClearanceModuleDefinition {
  ownLaw?: OwnLawDefinition;
  /** Endpoints only this authority offers (e.g. the mainland CBEC quota). */
  controllers?: Type[];
  /** Providers those endpoints need. */
  providers?: Provider[];
}

/** The shared clearance of one authority: use cases, their adapters and the PostgreSQL store. */
@Module({})
export class ClearanceModule {
  static forAuthority(definition: ClearanceModuleDefinition): DynamicModule {
    const own = definition.ownLaw;
    return {
      module: ClearanceModule,
      imports: [AuthModule.forRoot()],
      controllers: [
        DeclarationsController,
        QueryDeclarationsController,
        DecisionController,
        ELocksController,
        InspectionsController,
        RiskTargetsController,
        AuditController,
        PartnerEventsController,
        SubscriptionController,
        NotificationsController,
        CancellationController,
        AmendmentsController,
        SupportingDocumentsController,
        ...(definition.controllers ?? []),
      ],
      providers: [
        ...(own
          ? [
              own.law,
              own.books,
              { provide: OWN_LAW, useExisting: own.law },
              { provide: OWN_BOOKS_STORE, useExisting: own.books },
            ]
          : []),
        ...(definition.providers ?? []),
        { provide: ClearanceStore, useClass: PostgresClearanceStore },
        { provide: DeclarationReader, useClass: PostgresDeclarationReader },
        { provide: InspectionQueue, useClass: PostgresInspectionQueue },
        { provide: RiskTargetStore, useClass: PostgresRiskTargetStore },
        { provide: PlatformKeyStore, useClass: PostgresPlatformKeyStore },
        { provide: PlatformRateLimit, useClass: PostgresPlatformRateLimit },
        AuditTrailRepository,
        AuditSequencerService,
        ClearanceMetrics,
        ClearanceFactory,
        FileDeclarations,
        FilingGroups,
        ApplyPartnerEvents,
        RecordInspectionResult,
        Decide,
        ELocks,
        RiskTargets,
        PlatformKeys,
        PlatformGuard,
        CallerGuard,
        OutboxRelayService,
        { provide: NotificationStore, useClass: PostgresNotificationStore },
        { provide: SubscriptionStore, useClass: PostgresSubscriptionStore },
        { provide: DeliveryStore, useClass: PostgresDeliveryStore },
        PlatformNotifications,
        NotificationDispatcher,
        CancelDeclaration,
        AmendDeclaration,
        { provide: SupportingDocumentStore, useClass: PostgresSupportingDocumentStore },
        MediaTypeSniffer,
        SupportingDocuments,
        DocumentExchangeService,
      ],
      exports: [PlatformGuard, CallerGuard],
    };
  }
}
