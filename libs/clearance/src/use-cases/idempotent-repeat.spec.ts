import { repeatOf } from './idempotent-repeat';

describe('repeatOf', () => {
  const used = { requestHash: 'h1', statusCode: 201, response: { id: 'd-1' } };

  it('replays the answer given then for the same request', () => {
    expect(repeatOf(used, 'h1')).toEqual({ kind: 'replayed', statusCode: 201, response: { id: 'd-1' } });
  });

  it('calls the key reused for another request', () => {
    expect(repeatOf(used, 'h2')).toEqual({ kind: 'key-reused' });
  });
});
