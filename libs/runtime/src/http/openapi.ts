import { applyDecorators } from '@nestjs/common';
import { type ApiBodyOptions, ApiResponse } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem';

/**
 * The OpenAPI vocabulary every controller shares: the RFC 9457 `Problem` schema (one definition,
 * in `components.schemas`), the headers of rate limiting and overload, and decorators that
 * document the problem answers of an operation in one line, so no controller copies them.
 */

/** An OpenAPI schema object, as @nestjs/swagger takes it (its own type is not exported). */
export type OpenApiSchema = Exclude<Extract<ApiBodyOptions, { schema: unknown }>['schema'], { $ref: string }>;

/** Name of the problem schema in `components.schemas`. */
export const PROBLEM_SCHEMA_NAME = 'Problem';

/** RFC 9457 problem details as ProblemDetails (./problem.ts) shapes them, with `errors[]` of FieldError. */
export const PROBLEM_SCHEMA: OpenApiSchema = {
  type: 'object',
  description:
    'RFC 9457 problem details. `type` names the problem (a stable slug under https://gba-clearance.example/problems/), ' +
    '`instance` the request (`urn:gba:request:<X-Request-Id>`), `errors` every failing field.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://gba-clearance.example/problems/validation' },
    title: { type: 'string', example: 'Unprocessable Content' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 422 },
    detail: { type: 'string', example: 'The declaration breaks the data standard.' },
    instance: {
      type: 'string',
      pattern: '^urn:gba:request:[A-Za-z0-9._~-]{1,128}$',
      example: 'urn:gba:request:0b6f3f5e-2a7c-4d57-9a43-1f1e1c3a9d11',
    },
    errors: {
      type: 'array',
      description: 'Every failing field of the request',
      items: {
        type: 'object',
        required: ['pointer', 'code', 'detail'],
        properties: {
          pointer: {
            type: 'string',
            description: 'RFC 6901 JSON pointer into the body (or `/headers/<name>`, `/query/<name>`)',
            example: '/goods/0/declaredValue/amount',
          },
          code: { type: 'string', description: 'Stable machine-readable code', example: 'MONEY_FORMAT' },
          detail: { type: 'string', example: 'Money is a decimal string with at most 2 decimals.' },
        },
      },
    },
  },
};

const PROBLEM_CONTENT = {
  [PROBLEM_CONTENT_TYPE]: { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA_NAME}` } },
};

const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 0 },
  },
};

/** The IETF rate-limit fields (draft-ietf-httpapi-ratelimit-headers), on every platform answer. */
export const RATE_LIMIT_HEADERS = {
  'RateLimit-Policy': {
    description: 'The quota of the platform, e.g. `"platform";q=200;w=4` (Structured Field List)',
    schema: { type: 'string' },
  },
  RateLimit: {
    description: 'What is left of it, e.g. `"platform";r=37;t=3` (Structured Field List)',
    schema: { type: 'string' },
  },
};

/** Why each status is answered when an operation does not say more. */
const DEFAULT_REASONS: Record<number, string> = {
  400: 'Malformed request: unreadable JSON, duplicate member names, or an invalid Idempotency-Key',
  401: 'No valid credentials: a missing or unknown X-API-Key, or an invalid officer token',
  403: 'Authenticated, but not allowed this operation (role or authority)',
  404: 'Not on record here (or not the caller’s)',
  409: 'Conflicts with the state on record, or an Idempotency-Key reused with another request',
  413: 'The body is larger than the limit',
  415: 'The body is not UTF-8 JSON (or not the media type the operation takes)',
  422: 'Every failing field, by JSON pointer',
  429: 'The platform’s rate limit is spent: try again after Retry-After seconds',
  503: 'A temporary failure (database busy or unreachable): try again after Retry-After seconds',
};

/** Statuses → why this operation answers them; `true` takes the default reason. */
export type ProblemReasons = Partial<Record<number, string | true>>;

/**
 * Documents problem+json answers of an operation (or of every operation of a controller): each
 * status with its reason, the `Problem` schema, and the headers the status carries (429: Retry-After
 * and RateLimit; 503: Retry-After).
 */
export function ApiProblems(reasons: ProblemReasons): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(reasons).map(([key, reason]) => {
      const status = Number(key);
      const headers =
        status === 429 ? { ...RETRY_AFTER, ...RATE_LIMIT_HEADERS } : status === 503 ? RETRY_AFTER : undefined;
      return ApiResponse({
        status,
        description: reason === true || reason === undefined ? (DEFAULT_REASONS[status] ?? 'Error') : reason,
        content: PROBLEM_CONTENT,
        ...(headers && { headers }),
      });
    }),
  );
}

/** Answers of every platform operation: 401 without a valid key, 429 past the rate limit, 503. */
export const ApiPlatformProblems = (): MethodDecorator & ClassDecorator =>
  ApiProblems({ 401: true, 429: true, 503: true });

/** Answers of every officer operation: 401 without a valid token, 403 for another role, 503. */
export const ApiOfficerProblems = (): MethodDecorator & ClassDecorator =>
  ApiProblems({ 401: true, 403: true, 503: true });

/** Answers of every operation open to platforms and officers alike. */
export const ApiCallerProblems = (): MethodDecorator & ClassDecorator =>
  ApiProblems({ 401: true, 403: true, 429: true, 503: true });

/** Answers of an operation that reads a JSON body (json-body.ts): 400, 413, 415, 422. */
export const ApiJsonBodyProblems = (reasons: ProblemReasons = {}): MethodDecorator & ClassDecorator =>
  ApiProblems({ 400: true, 413: true, 415: true, 422: true, ...reasons });

const NAMED_SCHEMAS = new Map<string, OpenApiSchema>([[PROBLEM_SCHEMA_NAME, PROBLEM_SCHEMA]]);

/**
 * Puts a body's schema in `components.schemas` under `name` (once: a second definition under the
 * same name throws) and returns the `$ref` decorators use, so each body has one definition.
 */
export function namedSchema(name: string, schema: OpenApiSchema): { $ref: string } {
  const known = NAMED_SCHEMAS.get(name);
  if (known !== undefined && known !== schema) throw new Error(`Two OpenAPI schemas are named ${name}`);
  NAMED_SCHEMAS.set(name, schema);
  return { $ref: `#/components/schemas/${name}` };
}

/** Every schema named so far, for the document's `components.schemas`. */
export function namedSchemas(): Record<string, OpenApiSchema> {
  return Object.fromEntries(NAMED_SCHEMAS);
}

/** A JSON response body documented by a named schema (or an inline one), with a description. */
export function ApiJsonResponse(
  status: number,
  description: string,
  schema: OpenApiSchema | { $ref: string },
  headers?: Record<string, { description: string; schema: OpenApiSchema }>,
): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    content: { 'application/json': { schema } },
    ...(headers && { headers }),
  });
}
