import { randomUUID } from 'node:crypto';
import type { DeclarationResource } from '@gba/clearance';
import { type SampleRoute, sampleDeclaration } from '@gba/testing';
import { PLATFORM_KEYS } from './authority-stack';

/** A valid declaration of face cream along `route` (a 9610 retail import into CN unless `retail` is false). */
export function retailDeclaration(
  route: SampleRoute = { origin: 'HK', destination: 'CN' },
  hsCode = '330499',
  retail = true,
) {
  return sampleDeclaration(route, { hsCode, retail, platformRef: `SHOP-${randomUUID().slice(0, 8)}` });
}

export async function file(
  baseUrl: string,
  body: unknown,
  key = randomUUID(),
  platform: keyof typeof PLATFORM_KEYS = 'shop-a',
) {
  const res = await fetch(`${baseUrl}/api/v1/declarations`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': PLATFORM_KEYS[platform],
      'idempotency-key': key,
    },
    body: JSON.stringify(body),
  });
  // A 201 carries the declaration; anything else problem details.
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as DeclarationResource & Pick<Problem, 'type' | 'errors'>,
  };
}

export async function getDeclaration(
  baseUrl: string,
  id: string,
  platform: keyof typeof PLATFORM_KEYS = 'shop-a',
) {
  const res = await fetch(`${baseUrl}/api/v1/declarations/${id}`, {
    headers: { 'x-api-key': PLATFORM_KEYS[platform] },
  });
  return { status: res.status, body: (await res.json()) as DeclarationResource };
}

/** Polls until `done` holds for the declaration as this service sees it. */
export async function waitForDeclaration(
  baseUrl: string,
  id: string,
  done: (d: DeclarationResource) => boolean,
  timeoutMs = 30000,
): Promise<DeclarationResource> {
  const deadline = Date.now() + timeoutMs;
  let last: DeclarationResource | undefined;
  while (Date.now() < deadline) {
    const res = await getDeclaration(baseUrl, id);
    if (res.status === 200) {
      last = res.body;
      if (done(res.body)) return res.body;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `declaration ${id} at ${baseUrl} never reached the expected state; last: ${JSON.stringify(last)}`,
  );
}

export const finalAt = (statuses: Record<string, string>) => (d: DeclarationResource) =>
  Object.entries(statuses).every(([authority, status]) =>
    d.participants.some((p) => p.authority === authority && p.status === status),
  );

export const participant = (d: DeclarationResource, authority: string) => {
  const found = d.participants.find((p) => p.authority === authority);
  if (!found) throw new Error(`${authority} is not a participant of ${d.id}`);
  return found;
};

export const ruleIds = (p: { reasons: { ruleId: string }[] }) => p.reasons.map((r) => r.ruleId);

export interface Problem {
  status: number;
  type: string;
  errors?: { pointer: string; code: string; detail: string }[];
}
