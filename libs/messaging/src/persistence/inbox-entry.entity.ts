import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * An event this service has applied, recorded in the same transaction as its effect: a
 * redelivered event finds its entry and changes nothing (exactly-once effect per consumer).
 */
@Entity({ name: 'inbox' })
export class InboxEntry {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'source_topic', type: 'text' })
  sourceTopic!: string;

  @Column({ name: 'declaration_id', type: 'text' })
  declarationId!: string;

  @CreateDateColumn({ name: 'applied_at', type: 'timestamptz' })
  appliedAt!: Date;
}
