import { NotFoundException } from '@nestjs/common';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { IdParamPipe } from './id-param.pipe';
import { ProblemException } from './problem';
import { temporaryUnavailability, toProblem } from './problem.filter';

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
