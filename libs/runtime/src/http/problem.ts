import { HttpException } from '@nestjs/common';

/** One failing field of a request: JSON pointer into the body, stable code, human text. */
export interface FieldError {
  pointer: string;
  code: string;
  detail: string;
}

/** RFC 9457 problem details, as every error of the API is answered. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * The `instance` of a problem (RFC 9457 §3.1.5: a URI reference naming this occurrence):
 * `urn:gba:request:<request id>`, the id of the request that met it, as its `X-Request-Id`
 * response field, its request log line (`req.id`) and its server span (`gba.request_id`) carry
 * it, so an operator finds the request a platform quotes. The id is made of URI unreserved
 * characters only (see requestIdFrom in @gba/observability), so the URN needs no escaping.
 */
export function problemInstance(requestId: string): string {
  return `urn:gba:request:${requestId}`;
}
const TYPE_BASE = 'https://gba-clearance.example/problems/';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(
  status: number,
  slug: string,
  detail: string,
  extra: Partial<ProblemDetails> = {},
): ProblemDetails {
  return { type: `${TYPE_BASE}${slug}`, title: TITLES[status] ?? 'Error', status, detail, ...extra };
}

/** Thrown by handlers for any client error; the filter answers it as problem+json. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemDetails) {
    super(problem, problem.status);
  }

  static validation(
    errors: FieldError[],
    detail = 'The request breaks the data standard.',
  ): ProblemException {
    return new ProblemException(problem(422, 'validation', detail, { errors }));
  }
}
