import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'published' | 'failed';

/**
 * An event written in the same transaction as the change it reports (transactional outbox).
 * The relay publishes pending rows in id order and marks them published; a row that cannot be
 * published after bounded attempts is marked failed with its error, for an operator to see.
 */
@Entity({ name: 'outbox' })
@Index('outbox_pending_idx', ['id'], { where: `status = 'pending'` })
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'event_id', type: 'uuid', unique: true })
  eventId!: string;

  @Column({ type: 'text' })
  topic!: string;

  /** The Kafka key: the declaration id, so one declaration's events keep their order. */
  @Column({ name: 'message_key', type: 'text' })
  messageKey!: string;

  @Column({ type: 'bytea' })
  payload!: Buffer;

  @Column({ type: 'text', nullable: true })
  traceparent!: string | null;

  @Column({ type: 'text', default: 'pending' })
  status!: OutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
