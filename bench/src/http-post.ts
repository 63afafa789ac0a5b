// A plain node:http POST over a keep-alive connection pool per service: the open loop sends
// hundreds of filings a second, and Node's fetch (undici) cost this process ~2.5 ms of CPU per
// request, CPU taken from the services it measures on a small machine.
import { Agent, request } from 'node:http';

export interface HttpAnswer {
  status: number;
  text: string;
}

const agents = new Map<string, Agent>();

function agentOf(origin: string): Agent {
  let agent = agents.get(origin);
  if (!agent) {
    agent = new Agent({ keepAlive: true });
    agents.set(origin, agent);
  }
  return agent;
}

/**
 * POSTs `body` to `url` and reads the whole answer as text. Rejects on a network error or when
 * no complete answer came within `timeoutMs` of the call (the request is then aborted).
 */
export function httpPost(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<HttpAnswer> {
  const target = new URL(url);
  const payload = Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        agent: agentOf(target.origin),
        headers: { ...headers, 'content-length': String(payload.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', fail);
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    function fail(err: Error) {
      clearTimeout(timer);
      reject(err);
    }
    req.on('error', fail);
    req.end(payload);
  });
}

