import type { ArgumentsHost } from '@nestjs/common';
import { NotFoundException } from '@nestjs/common';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { IdParamPipe } from './id-param.pipe';
import { problem, problemInstance, ProblemException } from './problem';
import { ProblemDetailsFilter, temporaryUnavailability, toProblem } from './problem.filter';

function pgError(code: string, message: string): DatabaseError {
  const err = new DatabaseError(message, message.length, 'error');
  err.code = code;
  return err;
}

describe('errors as problem details', () => {
  it.each([
    [{ type: 'entity.parse.failed', status: 400 }, 400, /malformed-json/],
    [{ type: 'entity.too.large', status: 413, limit: 1048576 }, 413, /too-large/],
    [{ type: 'encoding.unsupported', status: 415 }, 415, /unsupported-media-type/],
    // A body that says it is gzip but is not: http-errors with a status and no type.
    [Object.assign(new Error('incorrect header check'), { status: 400, expose: true }), 400, /bad-request/],
    [new NotFoundException('Cannot GET /x'), 404, /not-found/],
    [new Error('database exploded'), 500, /internal/],
    [Object.assign(new Error('upstream'), { status: 502 }), 500, /internal/],
  ])('%p → %i', (err, status, type) => {
    const p = toProblem(err);
    expect(p.status).toBe(status);
    expect(p.type).toMatch(type);
    expect(p.detail).not.toContain('exploded');
  });

  it.each([
    [new Error('timeout exceeded when trying to connect'), 'pool-exhausted', 2],
    [new QueryFailedError('UPDATE', [], pgError('55P03', 'lock not available')), 'lock-timeout', 2],
    [
      new QueryFailedError('SELECT', [], pgError('57014', 'canceling statement due to statement timeout')),
      'statement-timeout',
      5,
    ],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 'network', 5],
  ])('a temporary failure (%s) is 503 with Retry-After, never 500', (err, kind, seconds) => {
    expect(toProblem(err)).toMatchObject({
      status: 503,
      type: expect.stringMatching(/unavailable$/),
      retryAfter: seconds,
    });
    expect(temporaryUnavailability(err)).toMatchObject({ kind, retryAfterSeconds: seconds });
  });

  it('a unique violation is no temporary failure', () => {
    const err = new QueryFailedError('INSERT', [], pgError('23505', 'duplicate key'));
    expect(temporaryUnavailability(err)).toBeUndefined();
    expect(toProblem(err).status).toBe(500);
  });

  it('takes path ids in any case as the same id, and anything else as not found', () => {
    const pipe = new IdParamPipe();
    expect(pipe.transform('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toBe(
      '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    );
    expect(() => pipe.transform('not-an-id')).toThrow(ProblemException);
  });
});

/** Runs the filter on `err` for a request with these headers; what the response got. */
function answer(err: unknown, headers: Record<string, string> = {}) {
  const sent: {
    status?: number;
    type?: string;
    body?: Record<string, unknown>;
    headers: Record<string, string>;
  } = {
    headers: {},
  };
  const req = { headers, path: '/api/v1/declarations', originalUrl: '/api/v1/declarations?buyerIdNumber=X' };
  const res = {
    req, // as express links them
    headersSent: false,
    setHeader: (name: string, value: string) => (sent.headers[name] = value),
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(type: string) {
      sent.type = type;
      return this;
    },
    send(body: string) {
      sent.body = JSON.parse(body) as Record<string, unknown>;
      return this;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(err, host);
  return sent;
}

describe('a problem names the request that met it', () => {
  it('has the caller’s X-Request-Id in its instance and response fields', () => {
    const sent = answer(new ProblemException(problem(422, 'validation', 'bad')), {
      'x-request-id': 'req-42',
    });
    expect(sent.status).toBe(422);
    expect(sent.type).toBe('application/problem+json');
    expect(sent.body).toMatchObject({ status: 422, instance: 'urn:gba:request:req-42' });
    expect(sent.headers['X-Request-Id']).toBe('req-42');
    expect(sent.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/);
  });

  it('makes an id when the caller sent none (or an unsafe one), never echoing the query', () => {
    for (const headers of [{}, { 'x-request-id': 'bad id\r\n' }] as Record<string, string>[]) {
      const sent = answer(new NotFoundException(), headers);
      const id = sent.headers['X-Request-Id']!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(sent.body!['instance']).toBe(problemInstance(id));
      expect(JSON.stringify(sent.body)).not.toContain('buyerIdNumber');
    }
  });

  it('a temporary failure keeps its Retry-After and is named too', () => {
    const sent = answer(new Error('timeout exceeded when trying to connect'), { 'x-request-id': 'r-503' });
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toBe('2');
    expect(sent.body!['instance']).toBe('urn:gba:request:r-503');
  });
});
