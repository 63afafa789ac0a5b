import { randomUUID } from 'node:crypto';
import { Authority, createEvent, encodeEvent, EVENT_CONTENT_TYPE, Role } from '@gba/contracts';
import { testInfrastructure } from '@gba/testing';
import { Kafka, logLevel } from 'kafkajs';
import { AuthorityStack, PLATFORM_KEYS } from './support/authority-stack';
import { file, finalAt, getDeclaration, retailDeclaration, waitForDeclaration } from './support/declarations';

/** Duplicates, poison messages and crashes: nothing lost, nothing applied twice. */
describe('exchange robustness', () => {
  let stack: AuthorityStack;
  const infra = testInfrastructure();
  const kafka = new Kafka({
    clientId: 'e2e-robustness',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });

  beforeAll(async () => {
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off' });
  });

  afterAll(() => stack?.stop());

  const topic = (name: string) => `${infra.topicPrefix}${stack.suiteId}.${name}`;

  it('applies an event delivered twice once, and dead-letters garbage while the partition moves on', async () => {
    const id = randomUUID();
    const declaration = retailDeclaration({ origin: 'HK', destination: 'CN' });
    const filed = createEvent({
      eventId: randomUUID(),
      declarationId: id,
      authority: Authority.HK,
      occurredAt: new Date().toISOString(),
      standardVersion: '2024.2',
      body: {
        case: 'declarationFiled',
        value: {
          filedWith: 'HK',
          platformId: 'shop-a',
          platformRef: declaration.platformRef,
          declarationJson: JSON.stringify(declaration),
          participants: [
            { authority: Authority.HK, role: Role.EXPORT },
            { authority: Authority.GZ, role: Role.IMPORT },
          ],
        },
      },
    });
    const headers = { 'message-id': filed.eventId, 'content-type': EVENT_CONTENT_TYPE };
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topic('gba.hk.events.v1'),
      messages: [
        { key: id, value: Buffer.from(encodeEvent(filed)), headers },
        { key: id, value: Buffer.from('definitely not protobuf') },
        { key: id, value: Buffer.from(encodeEvent(filed)), headers },
      ],
    });
    await producer.disconnect();

    const atGz = await waitForDeclaration(stack.url('GZ'), id, finalAt({ GZ: 'RELEASED' }));
    await new Promise((r) => setTimeout(r, 1000));
    const again = (await getDeclaration(stack.url('GZ'), id)).body;
    const types = (again.history as { type: string; authority: string }[]).map(
      (h) => `${h.authority}:${h.type}`,
    );
    expect(types.filter((t) => t === 'HK:DECLARATION_FILED')).toHaveLength(1);
    expect(types.filter((t) => t === 'GZ:ASSESSMENT_COMPLETED')).toHaveLength(1);
    expect(atGz.participants).toHaveLength(2);

    const dead: Record<string, string>[] = [];
    const reader = kafka.consumer({ groupId: `${topic('dlq-reader')}` });
    await reader.connect();
    await reader.subscribe({ topic: topic('gba.gz.dlq.v1'), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) h[k] = String(v);
        dead.push({ ...h, value: message.value?.toString() ?? '' });
      },
    });
    const deadline = Date.now() + 20000;
    while (dead.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await reader.disconnect();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      value: 'definitely not protobuf',
      'x-source-topic': topic('gba.hk.events.v1'),
    });

    const metrics = await (await fetch(`${stack.url('GZ')}/metrics`)).text();
    expect(metrics).toMatch(/^gba_dead_letters_total 1$/m);
  });

  it('follows one trace from the HTTP request through Kafka into the partner', async () => {
    const traceId = randomUUID().replace(/-/g, '');
    const res = await fetch(`${stack.url('HK')}/api/v1/declarations`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': PLATFORM_KEYS['shop-a'],
        'idempotency-key': randomUUID(),
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      },
      body: JSON.stringify(retailDeclaration()),
    });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: string }).id;
    await waitForDeclaration(stack.url('HK'), id, (d) => d.status === 'CLEARED');

    const seen: { topic: string; traceparent: string }[] = [];
    const reader = kafka.consumer({ groupId: topic(`trace-reader-${id}`) });
    await reader.connect();
    await reader.subscribe({
      topics: [topic('gba.hk.events.v1'), topic('gba.gz.events.v1')],
      fromBeginning: true,
    });
    await reader.run({
      eachMessage: async ({ topic: t, message }) => {
        if (message.key?.toString() === id)
          seen.push({ topic: t, traceparent: String(message.headers?.['traceparent'] ?? '') });
      },
    });
    const deadline = Date.now() + 20000;
    while (seen.filter((s) => s.topic.endsWith('gz.events.v1')).length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    await reader.disconnect();
    expect(seen.some((s) => s.topic.endsWith('hk.events.v1'))).toBe(true);
    expect(seen.some((s) => s.topic.endsWith('gz.events.v1'))).toBe(true);
    for (const s of seen) expect(s.traceparent).toContain(traceId);
  });

  it('reports its consumer lag per partner topic', async () => {
    const metrics = await (await fetch(`${stack.url('GZ')}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(
        `^gba_consumer_lag\\{topic="${topic('gba.hk.events.v1').replace(/\./g, '\\.')}"\\} \\d+$`,
        'm',
      ),
    );
  });

  it('reaches every final state once after a service is killed mid-flight', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await file(stack.url('HK'), retailDeclaration({ origin: 'HK', destination: 'CN' }));
      ids.push(res.body.id);
      if (i === 4) await stack.signal('GZ', 'SIGKILL');
    }
    await stack.launch('GZ');
    for (const id of ids) {
      const d = await waitForDeclaration(stack.url('GZ'), id, (x) => x.status === 'CLEARED', 60000);
      const entries = (d.history as { authority: string; type: string }[]).map(
        (h) => `${h.authority}:${h.type}`,
      );
      expect(entries.sort()).toEqual(
        [
          'GZ:ASSESSMENT_COMPLETED',
          'GZ:CLEARANCE_DECIDED',
          'HK:ASSESSMENT_COMPLETED',
          'HK:CLEARANCE_DECIDED',
          'HK:DECLARATION_FILED',
        ].sort(),
      );
      await waitForDeclaration(stack.url('HK'), id, (x) => x.status === 'CLEARED', 60000);
    }
  });
});
