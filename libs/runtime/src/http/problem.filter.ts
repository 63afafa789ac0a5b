import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { temporaryFailureKind } from '@gba/messaging';
import { correlateRequest } from '@gba/observability';
import type { Request, Response } from 'express';
import {
  problem,
  PROBLEM_CONTENT_TYPE,
  problemInstance,
  ProblemException,
  type ProblemDetails,
} from './problem';

/** Errors raised by the body parser before any handler runs (http-errors; `type` when it knows why). */
interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  limit?: number;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof ((err as BodyParserError).status ?? (err as BodyParserError).statusCode) === 'number'
  );
}

const SLUGS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
};

/**
 * Seconds a client should wait before retrying a request that met a temporary failure of this
 * kind: contention (a full pool, a lock, a conflict) clears quickly, an outage less so.
 */
const RETRY_AFTER_SECONDS: Record<string, number> = {
  'pool-exhausted': 2,
  'lock-timeout': 2,
  'statement-timeout': 5,
  'serialization-failure': 1,
  deadlock: 1,
};

/**
 * A request that met a temporary failure (the database busy, timing out or unreachable): 503 with
 * the seconds to wait, and the kind for the log. Undefined for any other failure.
 */
export function temporaryUnavailability(
  err: unknown,
): { problem: ProblemDetails; retryAfterSeconds: number; kind: string } | undefined {
  const kind = temporaryFailureKind(err);
  if (!kind) return undefined;
  const retryAfterSeconds = RETRY_AFTER_SECONDS[kind] ?? 5;
  return {
    kind,
    retryAfterSeconds,
    problem: problem(
      503,
      'unavailable',
      `The service is overloaded or its database is unavailable (${kind}). Retry after ${retryAfterSeconds} s with the same Idempotency-Key: a filing is stored at most once.`,
      { retryAfter: retryAfterSeconds },
    ),
  };
}

export function toProblem(err: unknown): ProblemDetails {
  if (err instanceof ProblemException) return err.problem;
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const detail = Array.isArray(message) ? message.join('; ') : String(message ?? err.message);
    return problem(status, SLUGS[status] ?? 'error', detail);
  }
  if (isBodyParserError(err)) {
    switch (err.type) {
      case 'entity.parse.failed':
        return problem(400, 'malformed-json', 'The body is not valid JSON.');
      case 'entity.too.large':
        return problem(
          413,
          'too-large',
          `The body is larger than the limit of ${err.limit ?? 'this endpoint'} bytes.`,
        );
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return problem(415, 'unsupported-media-type', 'Send the body as UTF-8 JSON.');
      default: {
        const status = err.status ?? err.statusCode ?? 400;
        if (status >= 400 && status < 500)
          return problem(status, SLUGS[status] ?? 'bad-request', 'The request could not be read.');
      }
    }
  }
  const unavailable = temporaryUnavailability(err);
  if (unavailable) return unavailable.problem;
  return problem(500, 'internal', 'The service failed to handle this request; it has been logged.');
}

/**
 * Answers `res` with the problem `body` as application/problem+json, its status the problem's and
 * its `instance` the request's (problemInstance of the request's X-Request-Id). Every problem
 * response goes through here: the filter's, and those a handler writes itself (e.g. a filing's
 * stored outcome, whose replay is named by the replaying request).
 */
export function sendProblem(res: Response, body: ProblemDetails): void {
  const { requestId } = correlateRequest(res.req, res);
  res
    .status(body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...body, instance: problemInstance(requestId) }));
}

/**
 * Answers every error of the HTTP API as RFC 9457 problem+json, its `instance` naming the request
 * (problemInstance: `urn:gba:request:<X-Request-Id>`). A temporary failure (pool exhausted, lock
 * or statement timeout, database unreachable) is 503 with `Retry-After`, logged at warn: the
 * request may be repeated. Anything else unexpected is 500, logged at error.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw err;
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    // Set by the first middleware (bootstrap); made here only if the request never got there.
    const { requestId } = correlateRequest(req, res);
    const unavailable = temporaryUnavailability(err);
    const body = unavailable?.problem ?? toProblem(err);
    if (unavailable) {
      this.logger.warn(
        { kind: unavailable.kind, err: (err as Error).message, path: req.path, requestId },
        'request refused for now: temporary failure',
      );
    } else if (body.status >= 500) this.logger.error({ err, path: req.path, requestId }, 'request failed');
    if (res.headersSent) return;
    if (unavailable) res.setHeader('Retry-After', String(unavailable.retryAfterSeconds));
    sendProblem(res, body);
  }
}
