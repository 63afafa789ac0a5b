import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { problem, PROBLEM_CONTENT_TYPE, ProblemException, type ProblemDetails } from './problem';

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
  return problem(500, 'internal', 'The service failed to handle this request; it has been logged.');
}

/** Answers every error of the HTTP API as RFC 9457 problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw err;
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const body = toProblem(err);
    if (body.status >= 500) this.logger.error({ err, path: req.path }, 'request failed');
    if (res.headersSent) return;
    res
      .status(body.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ ...body, instance: req.originalUrl }));
  }
}
