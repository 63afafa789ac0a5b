import type { Request, Response } from 'express';
import { setCreatedLocation } from './location';

describe('setCreatedLocation', () => {
  const located = (baseUrl: string, path: string, id: string) => {
    const headers: Record<string, string> = {};
    const res = {
      setHeader: (name: string, value: string) => (headers[name] = value),
    } as unknown as Response;
    setCreatedLocation({ baseUrl, path } as Request, res, id);
    return headers['Location'];
  };

  it('names the new resource under the collection the request was sent to', () => {
    expect(located('', '/api/v1/declarations', 'd-1')).toBe('/api/v1/declarations/d-1');
    expect(located('', '/api/v1/risk/targets/', 't-1')).toBe('/api/v1/risk/targets/t-1');
    expect(located('/api/v1', '/declarations/x/documents', 'doc')).toBe(
      '/api/v1/declarations/x/documents/doc',
    );
  });

  it('escapes an id that is not a plain path segment', () => {
    expect(located('', '/api/v1/risk/targets', 'a/b?c')).toBe('/api/v1/risk/targets/a%2Fb%3Fc');
  });
});
