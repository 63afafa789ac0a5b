import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { NOTIFICATION_TYPES } from '@gba/clearance-domain';
import {
  ApiJsonBodyProblems,
  ApiJsonResponse,
  ApiPlatformProblems,
  ApiProblems,
  type FieldError,
  problem,
  ProblemException,
} from '@gba/runtime';
import { BodyReader } from '../http/body-reader';
import { QueryReader } from '../http/query-reader';
import { PlatformGuard, PlatformId } from '../platform-keys/platform.guard';
import type { NotificationStatusFilter } from './notification-ports';
import { PlatformNotifications } from './notifications.handler';

const STATUSES: NotificationStatusFilter[] = ['pending', 'acknowledged'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ACKNOWLEDGE = 500;

const SUBSCRIPTION_SCHEMA = {
  type: 'object',
  properties: {
    url: { type: 'string', format: 'uri' },
    events: { type: 'array', items: { enum: [...NOTIFICATION_TYPES] } },
    createdAt: { type: 'string', format: 'date-time' },
    blockedAt: { type: 'string', format: 'date-time', nullable: true },
  },
};

/**
 * A platform's push subscription (issue 12): where this authority pushes the notifications of
 * the declarations the platform filed here, signed as Standard Webhooks prescribes.
 */
@ApiTags('notifications')
@ApiSecurity('platform')
@ApiPlatformProblems()
@UseGuards(PlatformGuard)
@Controller('notifications/subscription')
export class SubscriptionController {
  constructor(private readonly notifications: PlatformNotifications) {}

  @Put()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Subscribe (or replace the subscription): https URL (http to loopback in development only) and event types; the signing secret is returned this once',
    description:
      'This authority pushes the notifications of the declarations the platform filed here to the URL, signed as ' +
      'Standard Webhooks prescribes with the secret of the answer (shown only here).',
  })
  @ApiJsonBodyProblems()
  @ApiBody({
    schema: {
      type: 'object',
      required: ['url', 'events'],
      properties: {
        url: { type: 'string', format: 'uri', example: 'https://platform.example/gba/webhooks' },
        events: { type: 'array', minItems: 1, items: { enum: [...NOTIFICATION_TYPES] } },
      },
    },
  })
  @ApiOkResponse({
    schema: {
      ...SUBSCRIPTION_SCHEMA,
      properties: { ...SUBSCRIPTION_SCHEMA.properties, secret: { type: 'string' } },
    },
  })
  put(@PlatformId() platformId: string, @Body() body: unknown) {
    const reader = new BodyReader(body);
    // The secret, the creation time and the block are the server's: sent here, they would be ignored.
    reader.close(['url', 'events'], ['secret', 'createdAt', 'blockedAt']);
    reader.done('The subscription is not valid.');
    return this.notifications.subscribe(platformId, {
      url: reader.value('url'),
      events: reader.value('events'),
    });
  }

  @Get()
  @ApiOperation({
    summary: "The platform's subscription (without its secret); 404 when none",
    description:
      'The URL, the event types, when it was made, and when pushes were blocked after failures (if so).',
  })
  @ApiProblems({ 404: 'No subscription here' })
  @ApiOkResponse({ schema: SUBSCRIPTION_SCHEMA })
  async get(@PlatformId() platformId: string) {
    const subscription = await this.notifications.subscription(platformId);
    if (!subscription) throw new ProblemException(problem(404, 'not-found', 'No subscription here.'));
    return subscription;
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: 'End the subscription (notifications stay in the pull queue)',
    description: 'Nothing is pushed any more; GET /notifications still has every notification.',
  })
  @ApiResponse({ status: 204, description: 'Ended' })
  @ApiProblems({ 404: 'No subscription here' })
  async remove(@PlatformId() platformId: string): Promise<void> {
    if (!(await this.notifications.unsubscribe(platformId))) {
      throw new ProblemException(problem(404, 'not-found', 'No subscription here.'));
    }
  }
}

/**
 * The pull queue: the same notifications as pushed, oldest first, until acknowledged (a 2xx push
 * acknowledges too); acknowledged ones are kept 30 days.
 */
@ApiTags('notifications')
@ApiSecurity('platform')
@ApiPlatformProblems()
@UseGuards(PlatformGuard)
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: PlatformNotifications) {}

  @Get()
  @ApiOperation({
    summary: "The platform's notifications, oldest first, cursor-paginated",
    description:
      'The same notifications as pushed, until acknowledged (acknowledged ones are kept 30 days); pass ' +
      '`nextCursor` as `cursor` for the next page.',
  })
  @ApiJsonResponse(200, 'A page of notifications, oldest first', {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          description: 'A notification: the declaration, its new status and the participant it is about',
          required: ['id', 'declarationId', 'platformRef', 'type', 'status', 'acknowledgedAt'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            declarationId: { type: 'string', format: 'uuid' },
            platformRef: { type: 'string' },
            type: { type: 'string', enum: [...NOTIFICATION_TYPES] },
            status: { type: 'string' },
            acknowledgedAt: { type: 'string', format: 'date-time', nullable: true },
          },
        },
      },
      nextCursor: { type: 'string', nullable: true },
    },
  })
  @ApiProblems({ 400: 'A query parameter is not valid: every one, by /query/<name> pointer' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES, description: 'default: both' })
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  async list(@PlatformId() platformId: string, @Query() query: unknown) {
    const q = new QueryReader(query, ['status', 'limit', 'cursor']);
    const status = q.oneOf('status', STATUSES, 'STATUS_INVALID');
    const n = q.integer('limit', 1, 200, 50, 'LIMIT_INVALID');
    const badCursor = {
      pointer: '/query/cursor',
      code: 'CURSOR_INVALID',
      detail: 'Use the nextCursor of a previous page',
    };
    const cursor = q.text('cursor', (value) => value.length <= 64, badCursor.code, badCursor.detail);
    q.done();
    const page = await this.notifications.list(platformId, {
      status,
      limit: n,
      after: cursor,
    });
    if (!page) {
      throw new ProblemException(
        problem(400, 'bad-query', 'The query parameters are not valid.', { errors: [badCursor] }),
      );
    }
    return page;
  }

  @Post('acknowledge')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Acknowledge notifications by id (no longer pending, nor pushed)',
    description:
      'Answers which ids were acknowledged and which are unknown (not the platform’s notifications).',
  })
  @ApiJsonResponse(200, 'The ids acknowledged, and those unknown', {
    type: 'object',
    required: ['acknowledged', 'unknown'],
    properties: {
      acknowledged: { type: 'array', items: { type: 'string', format: 'uuid' } },
      unknown: { type: 'array', items: { type: 'string' } },
    },
  })
  @ApiJsonBodyProblems()
  @ApiBody({
    schema: {
      type: 'object',
      required: ['ids'],
      properties: {
        ids: {
          type: 'array',
          minItems: 1,
          maxItems: MAX_ACKNOWLEDGE,
          items: { type: 'string', format: 'uuid' },
        },
      },
    },
  })
  async acknowledge(@PlatformId() platformId: string, @Body() body: unknown) {
    const reader = new BodyReader(body);
    reader.close(['ids']);
    const ids = reader.value('ids');
    const errors: FieldError[] = reader.errors;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_ACKNOWLEDGE) {
      errors.push({
        pointer: '/ids',
        code: 'IDS_REQUIRED',
        detail: `1 to ${MAX_ACKNOWLEDGE} notification ids.`,
      });
    } else {
      ids.forEach((id: unknown, i) => {
        if (typeof id !== 'string' || !UUID.test(id)) {
          errors.push({ pointer: `/ids/${i}`, code: 'ID_INVALID', detail: 'A notification id (UUID).' });
        }
      });
    }
    if (errors.length > 0) throw ProblemException.validation(errors, 'The acknowledgement is not valid.');
    const requested = ids as string[];
    const held = new Set(
      (await this.notifications.acknowledge(platformId, requested)).map((id) => id.toLowerCase()),
    );
    return {
      acknowledged: requested.filter((id) => held.has(id.toLowerCase())),
      unknown: requested.filter((id) => !held.has(id.toLowerCase())),
    };
  }
}
