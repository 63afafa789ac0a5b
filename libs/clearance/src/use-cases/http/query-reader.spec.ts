import { parse } from 'node:querystring';
import { ProblemException } from '@gba/runtime';
import { QueryReader } from './query-reader';

/** As Express's `simple` query parser (the one bootstrap sets) reads a query string. */
const query = (text: string) => ({ ...parse(text) });

describe('QueryReader', () => {
  it('reads known parameters, with their defaults when absent', () => {
    const q = new QueryReader(query('status=done&limit=10'), ['status', 'limit', 'cursor']);
    expect(q.oneOf('status', ['pending', 'done'])).toBe('done');
    expect(q.integer('limit', 1, 200, 50)).toBe(10);
    expect(q.text('cursor', () => false, 'CURSOR_INVALID', 'x')).toBeUndefined();
    expect(new QueryReader(query(''), ['limit']).integer('limit', 1, 200, 50)).toBe(50);
    expect(q.errors).toEqual([]);
  });

  it.each(['platformRef[a]=1', 'platformRef[]=1', 'platformref=1', 'platformRef.a=1', 'x=1'])(
    'refuses %s as an unknown parameter, with its pointer, instead of dropping the filter',
    (text) => {
      const q = new QueryReader(query(text), ['platformRef', 'limit']);
      expect(q.text('platformRef', () => true, 'TEXT_INVALID', '')).toBeUndefined();
      expect(q.errors).toEqual([
        expect.objectContaining({ pointer: `/query/${text.split('=')[0]}`, code: 'QUERY_PARAMETER_UNKNOWN' }),
      ]);
    },
  );

  it('escapes the pointer token of an unknown name (RFC 6901)', () => {
    expect(new QueryReader(query('a%2Fb~c=1'), []).errors[0]?.pointer).toBe('/query/a~1b~0c');
  });

  it('refuses a known parameter given twice', () => {
    const q = new QueryReader(query('status=done&status=pending'), ['status']);
    expect(q.oneOf('status', ['pending', 'done'])).toBeUndefined();
    expect(q.errors).toEqual([
      expect.objectContaining({ pointer: '/query/status', code: 'QUERY_PARAMETER_REPEATED' }),
    ]);
  });

  it.each(['1e1', '010', '+10', '10.0', ' 10', '0x0A', 'abc', '', '0', '201', '1'.repeat(20)])(
    'refuses the limit %p: only canonical decimal integers in range',
    (limit) => {
      const q = new QueryReader({ limit }, ['limit']);
      q.integer('limit', 1, 200, 50, 'LIMIT_INVALID');
      expect(q.errors.map((e) => [e.pointer, e.code])).toEqual([['/query/limit', 'LIMIT_INVALID']]);
    },
  );

  it('done throws 400 bad-query with every failing parameter', () => {
    const q = new QueryReader(query('limit=1e1&status=x&extra=1'), ['limit', 'status']);
    q.integer('limit', 1, 200, 50);
    q.oneOf('status', ['done']);
    let thrown: unknown;
    try {
      q.done();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ProblemException);
    const body = (thrown as ProblemException).problem as { status: number; errors?: { pointer: string }[] };
    expect(body.status).toBe(400);
    expect((body.errors ?? []).map((e) => e.pointer).sort()).toEqual([
      '/query/extra',
      '/query/limit',
      '/query/status',
    ]);
  });
});
