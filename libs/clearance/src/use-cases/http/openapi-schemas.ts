import { namedSchema, type OpenApiSchema } from '@gba/runtime';

// The response bodies several operations share, each named once in `components.schemas`
// (the shapes of query-declarations/declaration-resource.ts).

const AUTHORITY: OpenApiSchema = { type: 'string', enum: ['GZ', 'HK', 'MO'] };
const DECLARATION_STATUS: OpenApiSchema = {
  type: 'string',
  enum: ['IN_PROGRESS', 'CLEARED', 'HELD', 'REJECTED', 'CANCELLED'],
};
const PARTICIPANT_STATUS: OpenApiSchema = {
  type: 'string',
  enum: [
    'RECEIVED',
    'ASSESSED',
    'AWAITING_DOCUMENT_CHECK',
    'AWAITING_INSPECTION',
    'RELEASED',
    'HELD',
    'REJECTED',
    'CANCELLED',
  ],
};
const TIME: OpenApiSchema = { type: 'string', format: 'date-time' };

/** DeclarationResource: a declaration with every participant and the shared history. */
export const DECLARATION_RESOURCE_REF = namedSchema('DeclarationResource', {
  type: 'object',
  required: [
    'id',
    'platformRef',
    'status',
    'filedWith',
    'tradeMode',
    'filedAt',
    'version',
    'participants',
    'history',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    platformRef: { type: 'string' },
    status: DECLARATION_STATUS,
    filedWith: AUTHORITY,
    tradeMode: { type: 'string' },
    filedAt: TIME,
    version: {
      type: 'integer',
      minimum: 1,
      description: '1 as filed, +1 per amendment (POST /declarations/{id}/amendments)',
    },
    participants: {
      type: 'array',
      items: {
        type: 'object',
        required: ['authority', 'role', 'status', 'lane', 'reasons', 'duties', 'decidedAt'],
        properties: {
          authority: AUTHORITY,
          role: { type: 'string', enum: ['export', 'transit', 'import'] },
          status: PARTICIPANT_STATUS,
          lane: { type: 'string', nullable: true, enum: ['GREEN', 'YELLOW', 'RED', null] },
          reasons: {
            type: 'array',
            items: {
              type: 'object',
              required: ['ruleId', 'detail'],
              properties: { ruleId: { type: 'string' }, detail: { type: 'string' } },
            },
          },
          duties: {
            type: 'array',
            items: {
              type: 'object',
              required: ['code', 'amount', 'currency'],
              properties: {
                code: { type: 'string' },
                amount: { type: 'string', description: 'decimal string' },
                currency: { type: 'string', pattern: '^[A-Z]{3}$' },
              },
            },
          },
          decidedAt: { ...TIME, nullable: true },
        },
      },
    },
    history: {
      type: 'array',
      items: {
        type: 'object',
        required: ['eventId', 'authority', 'type', 'occurredAt', 'detail'],
        properties: {
          eventId: { type: 'string' },
          authority: AUTHORITY,
          type: { type: 'string' },
          occurredAt: TIME,
          detail: { type: 'object', additionalProperties: true },
        },
      },
    },
  },
});

/** A page of DeclarationSummary, newest first. */
export const DECLARATION_PAGE_REF = namedSchema('DeclarationPage', {
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'platformRef', 'status', 'filedWith', 'filedAt'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          platformRef: { type: 'string' },
          status: DECLARATION_STATUS,
          filedWith: AUTHORITY,
          filedAt: TIME,
        },
      },
    },
    nextCursor: { type: 'string', nullable: true },
  },
});
