import { Inject, Injectable } from '@nestjs/common';
import type { NotificationType } from '@gba/clearance-domain';
import { inUnitOfWork, SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import { DataSource } from 'typeorm';
import { SubscriptionStore, type SubscriptionView } from '../../use-cases/notifications/notification-ports';
import { PersonalData } from './personal-data';
import { iso } from './sql';

const COLUMNS = `url, events, ${iso('created_at')} AS "createdAt", ${iso('blocked_at')} AS "blockedAt"`;

/** Platforms' push subscriptions; the signing secret sealed like personal data (AES-256-GCM). */
@Injectable()
export class PostgresSubscriptionStore extends SubscriptionStore {
  private readonly personalData: PersonalData;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    super();
    this.personalData = new PersonalData(config.piiKey);
  }

  async put(
    platformId: string,
    subscription: { url: string; events: NotificationType[]; secret: string },
  ): Promise<SubscriptionView> {
    const [row]: SubscriptionView[] = await inUnitOfWork('platform-action', () =>
      this.dataSource.query(
        `INSERT INTO notification_subscriptions (platform_id, url, events, secret) VALUES ($1, $2, $3, $4)
         ON CONFLICT (platform_id) DO UPDATE SET url = EXCLUDED.url, events = EXCLUDED.events,
           secret = EXCLUDED.secret, created_at = now(), failures = 0, next_attempt_at = now(),
           blocked_at = NULL, last_error = NULL
         RETURNING ${COLUMNS}`,
        [platformId, subscription.url, subscription.events, this.personalData.encrypt(subscription.secret)],
      ),
    );
    if (!row) throw new Error('the subscription upsert returned no row');
    return row;
  }

  async get(platformId: string): Promise<SubscriptionView | null> {
    const [row]: SubscriptionView[] = await inUnitOfWork('query', () =>
      this.dataSource.query(`SELECT ${COLUMNS} FROM notification_subscriptions WHERE platform_id = $1`, [
        platformId,
      ]),
    );
    return row ?? null;
  }

  async remove(platformId: string): Promise<boolean> {
    const rows: unknown[] = await inUnitOfWork('platform-action', () =>
      this.dataSource.query(
        `WITH removed AS (DELETE FROM notification_subscriptions WHERE platform_id = $1 RETURNING 1)
         SELECT 1 FROM removed`,
        [platformId],
      ),
    );
    return rows.length > 0;
  }
}
