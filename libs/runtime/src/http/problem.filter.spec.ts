import { NotFoundException } from '@nestjs/common';
import { IdParamPipe } from './id-param.pipe';
import { ProblemException } from './problem';
import { toProblem } from './problem.filter';

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

  it('takes path ids in any case as the same id, and anything else as not found', () => {
    const pipe = new IdParamPipe();
    expect(pipe.transform('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toBe(
      '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    );
    expect(() => pipe.transform('not-an-id')).toThrow(ProblemException);
  });
});
