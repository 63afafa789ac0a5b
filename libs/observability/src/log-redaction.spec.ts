import { REQUEST_LOG_SERIALIZERS, redactQuery, redactRequestTarget } from './log-redaction';
import { HTTP_INSTRUMENTATION_CONFIG, redactedQueryAttributes } from './telemetry';

const ID = '11010519491231002X';

describe('query strings in logs and spans', () => {
  it.each([
    ['one personal value', `buyerIdNumber=${ID}`, 'buyerIdNumber=[redacted]'],
    [
      'every value, personal or not',
      `limit=5&buyerIdNumber=${ID}`,
      'limit=[redacted]&buyerIdNumber=[redacted]',
    ],
    ['an encoded value', `name=${encodeURIComponent('王小明')}`, 'name=[redacted]'],
    ['a repeated name', 'status=A&status=B', 'status=[redacted]&status=[redacted]'],
    ['a name without value', 'debug', 'debug=[redacted]'],
    ['an ID number sent as a name', ID, '[redacted]=[redacted]'],
    ['a name with a value in it', `${ID}=x&a%3D${ID}=y`, '[redacted]=[redacted]&[redacted]=[redacted]'],
    ['nothing', '', ''],
  ])('redacts %s', (_name, query, redacted) => {
    expect(redactQuery(query)).toBe(redacted);
    expect(redactQuery(query)).not.toContain(ID);
  });

  it.each([
    [`/api/v1/cbec/quota?buyerIdNumber=${ID}`, '/api/v1/cbec/quota?buyerIdNumber=[redacted]'],
    ['/api/v1/declarations', '/api/v1/declarations'],
    ['/api/v1/declarations?', '/api/v1/declarations?'],
  ])('keeps the path of %s and redacts its query', (target, redacted) => {
    expect(redactRequestTarget(target)).toBe(redacted);
  });

  it('serializes a request for the request log without query values or the parsed query', () => {
    const logged = REQUEST_LOG_SERIALIZERS.req({
      id: 1,
      method: 'GET',
      url: `/api/v1/cbec/quota?buyerIdNumber=${ID}`,
      query: { buyerIdNumber: ID },
      headers: { host: 'gz' },
    });
    expect(logged).toEqual({
      id: 1,
      method: 'GET',
      url: '/api/v1/cbec/quota?buyerIdNumber=[redacted]',
      headers: { host: 'gz' },
    });
    expect(JSON.stringify(logged)).not.toContain(ID);
  });

  it('gives the HTTP span a redacted url.query, replacing the instrumentation’s clear one', () => {
    expect(redactedQueryAttributes(`/api/v1/cbec/quota?buyerIdNumber=${ID}`)).toEqual({
      'url.query': 'buyerIdNumber=[redacted]',
    });
    expect(redactedQueryAttributes('/api/v1/declarations')).toEqual({});
    const hook = HTTP_INSTRUMENTATION_CONFIG.startIncomingSpanHook!;
    const attributes = hook({ url: `/x?buyerIdNumber=${ID}` } as Parameters<typeof hook>[0]);
    expect(attributes).toEqual({ 'url.query': 'buyerIdNumber=[redacted]' });
  });
});
