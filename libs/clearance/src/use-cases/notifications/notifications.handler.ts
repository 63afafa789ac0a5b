import { Inject, Injectable } from '@nestjs/common';
import { type NotificationType, NOTIFICATION_TYPES } from '@gba/clearance-domain';
import { type FieldError, ProblemException, SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import {
  type NotificationPage,
  type NotificationStatusFilter,
  NotificationStore,
  SubscriptionStore,
  type SubscriptionView,
} from './notification-ports';
import { newSigningSecret } from './webhook-sender';
import { checkWebhookTarget } from './webhook-target';

/** A subscription as created: the signing secret is shown this once. */
export interface CreatedSubscription extends SubscriptionView {
  /** `whsec_…`: verify each delivery's `webhook-signature` with it (Standard Webhooks). */
  secret: string;
}

/**
 * A platform's notifications: its push subscription (one per platform and authority) and the
 * pull queue. A platform sees and changes only its own.
 */
@Injectable()
export class PlatformNotifications {
  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly notifications: NotificationStore,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /**
   * Creates or replaces the platform's subscription with a new secret. Throws a 422 problem
   * naming every bad field (`/url`: not https in production, private or unresolvable host;
   * `/events`, `/events/<i>`: unknown or repeated type).
   */
  async subscribe(
    platformId: string,
    input: { url: unknown; events: unknown },
  ): Promise<CreatedSubscription> {
    const errors: FieldError[] = [];
    if (typeof input.url !== 'string' || input.url.length === 0) {
      errors.push({ pointer: '/url', code: 'URL_REQUIRED', detail: 'The https URL to push to.' });
    } else {
      errors.push(...(await checkWebhookTarget(input.url, this.config.mode)));
    }
    const events = input.events;
    if (!Array.isArray(events) || events.length === 0 || events.length > NOTIFICATION_TYPES.length) {
      errors.push({
        pointer: '/events',
        code: 'EVENTS_REQUIRED',
        detail: `A non-empty list of ${NOTIFICATION_TYPES.join(', ')}.`,
      });
    } else {
      events.forEach((e: unknown, i) => {
        if (typeof e !== 'string' || !NOTIFICATION_TYPES.includes(e as NotificationType)) {
          errors.push({
            pointer: `/events/${i}`,
            code: 'VALUE_NOT_ALLOWED',
            detail: `One of ${NOTIFICATION_TYPES.join(', ')}.`,
          });
        } else if (events.indexOf(e) !== i) {
          errors.push({ pointer: `/events/${i}`, code: 'DUPLICATE', detail: `${e} is listed twice.` });
        }
      });
    }
    if (errors.length > 0) throw ProblemException.validation(errors, 'The subscription is not valid.');
    const secret = newSigningSecret();
    const stored = await this.subscriptions.put(platformId, {
      url: input.url as string,
      events: events as NotificationType[],
      secret,
    });
    return { ...stored, secret };
  }

  subscription(platformId: string): Promise<SubscriptionView | null> {
    return this.subscriptions.get(platformId);
  }

  unsubscribe(platformId: string): Promise<boolean> {
    return this.subscriptions.remove(platformId);
  }

  /** Oldest first; null when the cursor is not one this service gave. */
  list(
    platformId: string,
    query: { status?: NotificationStatusFilter; limit: number; after?: string },
  ): Promise<NotificationPage | null> {
    return this.notifications.list(platformId, query);
  }

  acknowledge(platformId: string, ids: readonly string[]): Promise<string[]> {
    return this.notifications.acknowledge(platformId, ids);
  }
}
