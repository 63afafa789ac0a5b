import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGbaClient, idempotencyKey, retryingFetch } from './index';

interface Seen {
  method: string;
  path: string;
  key: string | undefined;
  body: string;
}

/** A real HTTP server answering each request with the next of `answers` (the last one repeated). */
async function serve(
  answers: ((req: IncomingMessage) => {
    status: number;
    headers?: Record<string, string>;
    body?: string;
    hang?: boolean;
  })[],
) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        key: req.headers['idempotency-key'] as string | undefined,
        body,
      });
      const answer = answers[Math.min(seen.length, answers.length) - 1](req);
      if (answer.hang) return; // never answers: the client's timeout
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const unavailable = () => ({ status: 503, headers: { 'retry-after': '0' }, body: '{"status":503}' });
const created = () => ({ status: 201, body: '{"id":"d-1"}' });
const fast = { baseDelayMs: 1, maxDelayMs: 5 };

describe('retryingFetch', () => {
  it('retries a filing after 5xx answers with the same Idempotency-Key and body', async () => {
    const server = await serve([unavailable, () => ({ status: 502 }), created]);
    try {
      const client = createGbaClient('HK', { baseUrl: server.url, apiKey: 'k', retry: fast });
      const { data, response } = await client.POST('/api/v1/declarations', {
        params: { header: idempotencyKey('key-1') },
        body: { platformRef: 'R-1' } as never,
      });
      expect(response.status).toBe(201);
      expect(data).toEqual({ id: 'd-1' });
      expect(server.seen.map((s) => [s.method, s.path, s.key, s.body])).toEqual(
        Array(3).fill(['POST', '/api/v1/declarations', 'key-1', '{"platformRef":"R-1"}']),
      );
    } finally {
      await server.close();
    }
  });

  it('retries an attempt that times out', async () => {
    const server = await serve([() => ({ status: 0, hang: true }), created]);
    try {
      const res = await retryingFetch({ ...fast, timeoutMs: 200 })(`${server.url}/api/v1/declarations`, {
        method: 'POST',
        headers: idempotencyKey('key-2'),
        body: '{}',
      });
      expect(res.status).toBe(201);
      expect(server.seen.map((s) => s.key)).toEqual(['key-2', 'key-2']);
    } finally {
      await server.close();
    }
  });

  it('gives up after the retries allowed and returns the last answer', async () => {
    const server = await serve([unavailable]);
    try {
      const res = await retryingFetch({ ...fast, retries: 2 })(`${server.url}/api/v1/declarations/x`);
      expect(res.status).toBe(503);
      expect(server.seen).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('never repeats a POST without an Idempotency-Key, nor a 4xx', async () => {
    const server = await serve([unavailable, () => ({ status: 429, headers: { 'retry-after': '1' } })]);
    try {
      const post = await retryingFetch(fast)(`${server.url}/api/v1/declarations/x/decision`, {
        method: 'POST',
        body: '{}',
      });
      expect(post.status).toBe(503);
      const read = await retryingFetch(fast)(`${server.url}/api/v1/declarations/x`);
      expect(read.status).toBe(429);
      expect(server.seen).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('retries a batch filing: each item carries its own key', async () => {
    const server = await serve([unavailable, () => ({ status: 207, body: '[]' })]);
    try {
      const res = await retryingFetch(fast)(`${server.url}/api/v1/declarations/batch`, {
        method: 'POST',
        body: '[]',
      });
      expect(res.status).toBe(207);
      expect(server.seen).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
