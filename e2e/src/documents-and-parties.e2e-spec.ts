import { createHash, randomInt, randomUUID } from 'node:crypto';
import { create, toBinary } from '@bufbuild/protobuf';
import { Authority, SupportingDocumentSchema } from '@gba/contracts';
import { japaneseCorporateNumberCheckDigit } from '@gba/standards';
import { testInfrastructure } from '@gba/testing';
import { Kafka, logLevel } from 'kafkajs';
import { AuthorityStack, type AuthorityCode, PLATFORM_KEYS } from './support/authority-stack';
import {
  file,
  finalAt,
  participant,
  type Problem,
  retailDeclaration,
  waitForDeclaration,
} from './support/declarations';
import { hs256Token, type InspectionTask, waitForTask } from './support/security';

/** A small but real PDF (file-type reads `%PDF-`), different on every call. */
const pdf = (text = `${Date.now()}-${randomInt(1e9)}`) =>
  Buffer.from(`%PDF-1.4\n1 0 obj << /Title (${text}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
/** The first bytes of a Windows executable (DOS header `MZ`, PE offset, `PE\0\0`). */
const exe = () => {
  const b = Buffer.alloc(1024);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
};
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

interface DocumentSummary {
  id: string;
  declarationId: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedWith: string;
}

/** A valid Japanese corporate number (13 digits, check digit first), different on every call. */
function corporateNumber(): string {
  const base = String(randomInt(1, 999_999_999_999)).padStart(12, '0');
  return `${japaneseCorporateNumberCheckDigit(base)}${base}`;
}

/** A JP → HK general-trade import (0110) whose consignor is a Japanese maker without any CN/HK/MO identifier. */
function fromJapaneseMaker(corporate = corporateNumber()) {
  const d = retailDeclaration({ origin: 'JP', destination: 'HK' }, '330499', false);
  return {
    ...d,
    consignor: {
      name: 'Osaka Cosmetics KK',
      country: 'JP',
      address: '1-1 Umeda, Kita-ku, Osaka 530-0001',
      foreignId: { scheme: 'JP_CORPORATE_NUMBER', value: corporate },
    },
    consignee: { name: 'Harbour Trading Ltd', country: 'HK', businessRegistrationNumber: '12345678' },
  };
}

/** Parties from outside the three places, and supporting documents shared by every participant. */
describe('parties from elsewhere and supporting documents', () => {
  let stack: AuthorityStack;

  beforeAll(async () => {
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off' });
  });

  afterAll(() => stack?.stop());

  const supervisor = (authority: AuthorityCode) => hs256Token(authority, ['officer', 'supervisor']);
  const officer = (authority: AuthorityCode) => hs256Token(authority, ['officer']);

  /** POST …/documents as multipart/form-data, by the platform (X-API-Key) or with an officer's bearer. */
  async function upload(
    authority: AuthorityCode,
    declarationId: string,
    bytes: Buffer,
    fileName: string,
    auth: { bearer?: string; platform?: keyof typeof PLATFORM_KEYS } = {},
  ) {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), fileName);
    const res = await fetch(`${stack.url(authority)}/api/v1/declarations/${declarationId}/documents`, {
      method: 'POST',
      headers: auth.bearer
        ? { authorization: `Bearer ${auth.bearer}` }
        : { 'x-api-key': PLATFORM_KEYS[auth.platform ?? 'shop-a'] },
      body: form,
    });
    return {
      status: res.status,
      headers: res.headers,
      body: (await res.json()) as DocumentSummary & Problem,
    };
  }

  const documentsAt = async (authority: AuthorityCode, declarationId: string, bearer: string) => {
    const res = await fetch(`${stack.url(authority)}/api/v1/declarations/${declarationId}/documents`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    return { status: res.status, body: (await res.json()) as { items: DocumentSummary[] } };
  };

  /** Polls a participant until the document has arrived there. */
  async function waitForDocument(authority: AuthorityCode, declarationId: string, documentId: string) {
    const bearer = await officer(authority);
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      const { status, body } = await documentsAt(authority, declarationId, bearer);
      const found = status === 200 ? body.items.find((d) => d.id === documentId) : undefined;
      if (found) return found;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`document ${documentId} never reached ${authority}`);
  }

  describe('a party from outside CN, HK and MO', () => {
    it('files and clears a JP → HK general-trade import from a Japanese maker identified by name, country and address', async () => {
      const body = fromJapaneseMaker();
      const filed = await file(stack.url('HK'), body);
      expect(filed.status).toBe(201);
      const cleared = await waitForDeclaration(
        stack.url('HK'),
        filed.body.id,
        (d) => finalAt({ HK: 'RELEASED' })(d) && d.status === 'CLEARED',
      );
      expect(cleared.participants.map((p) => [p.authority, p.role])).toEqual([['HK', 'import']]);
      expect(participant(cleared, 'HK').reasons.map((r) => r.ruleId)).toContain('FIRST_TIME_CONSIGNOR');
      // Known from then on by its corporate number.
      const again = await file(stack.url('HK'), { ...body, platformRef: `${body.platformRef}-2` });
      expect(again.status).toBe(201);
      const second = await waitForDeclaration(stack.url('HK'), again.body.id, finalAt({ HK: 'RELEASED' }));
      expect(participant(second, 'HK').reasons.map((r) => r.ruleId)).not.toContain('FIRST_TIME_CONSIGNOR');
    });

    it('files one without any foreign identifier, and refuses one without an address with its pointer', async () => {
      const { foreignId: _none, ...consignor } = fromJapaneseMaker().consignor;
      expect((await file(stack.url('HK'), { ...fromJapaneseMaker(), consignor })).status).toBe(201);
      const { address: _nowhere, ...unaddressed } = consignor;
      const refused = await file(stack.url('HK'), { ...fromJapaneseMaker(), consignor: unaddressed });
      expect(refused.status).toBe(422);
      expect(refused.body.errors?.map((e) => [e.pointer, e.code])).toEqual([
        ['/consignor/address', 'REQUIRED'],
      ]);
    });

    it('refuses a party from CN lacking any identifier: 422 with the pointer', async () => {
      const body = retailDeclaration({ origin: 'HK', destination: 'CN' }, '330499', false);
      const refused = await file(stack.url('HK'), {
        ...body,
        consignee: { name: 'Guangzhou Fresh Foods Co', country: 'CN', address: '广州市天河区体育西路 1 号' },
      });
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body.errors?.map((e) => [e.pointer, e.code])).toEqual([
        ['/consignee', 'PARTY_ID_REQUIRED'],
      ]);
    });

    it('sends a Japanese consignor to the lane of a risk target on its foreign identifier', async () => {
      const corporate = corporateNumber();
      const target = await fetch(`${stack.url('HK')}/api/v1/risk/targets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await supervisor('HK')}` },
        body: JSON.stringify({
          match: { partyId: corporate },
          lane: 'YELLOW',
          reason: 'undervaluation reported by the maker',
          expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        }),
      });
      expect(target.status).toBe(201);
      const filed = await file(stack.url('HK'), fromJapaneseMaker(corporate));
      expect(filed.status).toBe(201);
      const held = await waitForDeclaration(stack.url('HK'), filed.body.id, (d) =>
        d.participants.some((p) => p.lane !== null && p.lane !== undefined),
      );
      expect(participant(held, 'HK').lane).toBe('YELLOW');
      // Never seen before by its only identifier: a first-time consignor as well.
      expect(
        participant(held, 'HK')
          .reasons.map((r) => r.ruleId)
          .sort(),
      ).toEqual(['FIRST_TIME_CONSIGNOR', 'RISK_TARGET']);
      // The officer's queue shows the documents present for the document check.
      const uploaded = await upload('HK', filed.body.id, pdf('commercial invoice'), 'invoice-2026-001.pdf');
      expect(uploaded.status).toBe(201);
      await waitForTask(stack.url('HK'), await officer('HK'), filed.body.id, 'document');
      const queue = await fetch(
        `${stack.url('HK')}/api/v1/inspections?status=pending&kind=document&limit=200`,
        {
          headers: { authorization: `Bearer ${await officer('HK')}` },
        },
      );
      const { items } = (await queue.json()) as {
        items: (InspectionTask & { documents?: DocumentSummary[] })[];
      };
      const task = items.find((t) => t.declarationId === filed.body.id);
      expect(task?.documents).toEqual([
        expect.objectContaining({
          id: uploaded.body.id,
          fileName: 'invoice-2026-001.pdf',
          mediaType: 'application/pdf',
          sha256: uploaded.body.sha256,
        }),
      ]);
    });
  });

  describe('supporting documents', () => {
    let declarationId: string;

    beforeAll(async () => {
      const filed = await file(stack.url('HK'), retailDeclaration({ origin: 'HK', destination: 'CN' }));
      expect(filed.status).toBe(201);
      declarationId = filed.body.id;
      // The declaration is on record at GZ too before GZ's officers look for its documents.
      await waitForDeclaration(stack.url('GZ'), declarationId, () => true);
    });

    it("takes a PDF at HK and GZ's officer downloads the same bytes, as an attachment", async () => {
      const bytes = pdf();
      const uploaded = await upload('HK', declarationId, bytes, '../發票 "March".pdf');
      expect(uploaded.status).toBe(201);
      expect(uploaded.body).toMatchObject({
        declarationId,
        fileName: '發票 March.pdf',
        mediaType: 'application/pdf',
        sizeBytes: bytes.length,
        sha256: sha256(bytes),
        uploadedBy: 'platform:shop-a',
        uploadedWith: 'HK',
      });
      expect(uploaded.headers.get('location')).toBe(
        `/api/v1/declarations/${declarationId}/documents/${uploaded.body.id}`,
      );

      const atGz = await waitForDocument('GZ', declarationId, uploaded.body.id);
      expect(atGz).toEqual(uploaded.body);
      // A retry of the same bytes (its answer lost) stores nothing new: 200 with the same document.
      const retried = await upload('HK', declarationId, bytes, 'retry.pdf');
      expect(retried.status).toBe(200);
      expect(retried.body).toEqual(uploaded.body);
      const res = await fetch(
        `${stack.url('GZ')}/api/v1/declarations/${declarationId}/documents/${uploaded.body.id}`,
        { headers: { authorization: `Bearer ${await officer('GZ')}` } },
      );
      expect(res.status).toBe(200);
      const downloaded = Buffer.from(await res.arrayBuffer());
      expect(sha256(downloaded)).toBe(sha256(bytes));
      expect(downloaded.equals(bytes)).toBe(true);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=.*filename\*=UTF-8''/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('repr-digest')).toBe(
        `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`,
      );
    });

    it("carries a document of exactly 10 MiB to the other participant (past Kafka's 1 MiB default)", async () => {
      const head = pdf('scan');
      const bytes = Buffer.concat([head, Buffer.alloc(10 * 1024 * 1024 - head.length, 0x20)]);
      const uploaded = await upload('HK', declarationId, bytes, 'scan.pdf', { bearer: await officer('HK') });
      expect(uploaded.status).toBe(201);
      expect(uploaded.body.sizeBytes).toBe(10 * 1024 * 1024);
      const atGz = await waitForDocument('GZ', declarationId, uploaded.body.id);
      expect(atGz.sha256).toBe(sha256(bytes));
      const res = await fetch(
        `${stack.url('GZ')}/api/v1/declarations/${declarationId}/documents/${uploaded.body.id}`,
        { headers: { authorization: `Bearer ${await officer('GZ')}` } },
      );
      expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(bytes));
    });

    it('lets an officer upload and the platform list; another platform sees nothing of it', async () => {
      const byOfficer = await upload('HK', declarationId, pdf(), 'permit.pdf', {
        bearer: await officer('HK'),
      });
      expect(byOfficer.status).toBe(201);
      expect(byOfficer.body.uploadedBy).toBe('officer:HK-officer');
      const list = await fetch(`${stack.url('HK')}/api/v1/declarations/${declarationId}/documents`, {
        headers: { 'x-api-key': PLATFORM_KEYS['shop-a'] },
      });
      expect(list.status).toBe(200);
      expect(((await list.json()) as { items: DocumentSummary[] }).items.map((d) => d.id)).toContain(
        byOfficer.body.id,
      );
      const stranger = await upload('HK', declarationId, pdf(), 'x.pdf', { platform: 'shop-b' });
      expect(stranger.status).toBe(404);
      const peek = await fetch(
        `${stack.url('HK')}/api/v1/declarations/${declarationId}/documents/${byOfficer.body.id}`,
        { headers: { 'x-api-key': PLATFORM_KEYS['shop-b'] } },
      );
      expect(peek.status).toBe(404);
    });

    it("dead-letters a partner's document whose bytes do not match its SHA-256, and takes the next one", async () => {
      const kafka = new Kafka({
        clientId: 'e2e-documents',
        brokers: testInfrastructure().kafkaBrokers,
        logLevel: logLevel.NOTHING,
      });
      const prefix = stack.environment('GZ')['KAFKA_TOPIC_PREFIX'] as string;
      const bytes = pdf('tampered');
      const message = (id: string, hash: string) => ({
        key: declarationId,
        headers: { 'message-id': id },
        value: Buffer.from(
          toBinary(
            SupportingDocumentSchema,
            create(SupportingDocumentSchema, {
              documentId: id,
              declarationId,
              authority: Authority.HK,
              participants: [Authority.HK, Authority.GZ],
              uploadedAt: new Date().toISOString(),
              uploadedBy: 'platform:shop-a',
              fileName: 'tampered.pdf',
              mediaType: 'application/pdf',
              sizeBytes: BigInt(bytes.length),
              sha256: hash,
              content: bytes,
            }),
          ),
        ),
      });
      const [poison, sound] = [randomUUID(), randomUUID()];
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic: `${prefix}gba.hk.documents.v1`,
        messages: [message(poison, sha256(pdf('the original'))), message(sound, sha256(bytes))],
      });
      await producer.disconnect();

      // The sound one behind it arrives: the poison one did not block the partition.
      await waitForDocument('GZ', declarationId, sound);
      const listed = await documentsAt('GZ', declarationId, await officer('GZ'));
      expect(listed.body.items.map((d) => d.id)).not.toContain(poison);

      const consumer = kafka.consumer({ groupId: `${prefix}e2e-documents-dlq-${randomUUID()}` });
      const deadLetters: Record<string, string>[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic: `${prefix}gba.gz.documents.dlq.v1`, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message: m }) => {
          deadLetters.push(
            Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)])),
          );
        },
      });
      const deadline = Date.now() + 30000;
      while (!deadLetters.some((h) => h['message-id'] === poison) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      await consumer.disconnect();
      expect(deadLetters.find((h) => h['message-id'] === poison)).toMatchObject({
        'x-source-topic': `${prefix}gba.hk.documents.v1`,
        'x-error': expect.stringMatching(/SHA-256/),
      });
    });

    it('refuses a Windows executable renamed .pdf: 415, by its content', async () => {
      const refused = await upload('HK', declarationId, exe(), 'invoice.pdf');
      expect(refused.status).toBe(415);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('refuses 11 MiB: 413', async () => {
      const big = Buffer.concat([pdf(), Buffer.alloc(11 * 1024 * 1024)]);
      const refused = await upload('HK', declarationId, big, 'scan.pdf');
      expect(refused.status).toBe(413);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('takes 20 documents per declaration and refuses the 21st: 409', async () => {
      const filed = await file(stack.url('HK'), retailDeclaration({ origin: 'HK', destination: 'CN' }));
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++)
        statuses.push((await upload('HK', filed.body.id, pdf(), `p${i}.pdf`)).status);
      expect(statuses).toEqual([...Array(20).fill(201), 409]);
    });

    it('converges when a participant is killed: documents uploaded meanwhile arrive once each', async () => {
      const filed = await file(stack.url('HK'), retailDeclaration({ origin: 'HK', destination: 'CN' }));
      await waitForDeclaration(stack.url('GZ'), filed.body.id, () => true);
      expect((await stack.signal('GZ', 'SIGKILL')).signal).toBe('SIGKILL');
      const whileDown = [];
      for (let i = 0; i < 3; i++)
        whileDown.push((await upload('HK', filed.body.id, pdf(), `down-${i}.pdf`)).body);
      // The uploader dies right after answering: the document is shared when it is back.
      const lastOne = (await upload('HK', filed.body.id, pdf(), 'last.pdf')).body;
      expect((await stack.signal('HK', 'SIGKILL')).signal).toBe('SIGKILL');
      await stack.launch('HK');
      await stack.launch('GZ');
      for (const d of [...whileDown, lastOne]) await waitForDocument('GZ', filed.body.id, d.id);
      const atGz = await documentsAt('GZ', filed.body.id, await officer('GZ'));
      expect(atGz.body.items.map((d) => d.id).sort()).toEqual(
        [...whileDown, lastOne].map((d) => d.id).sort(),
      );
      expect(atGz.body.items.map((d) => d.sha256).sort()).toEqual(
        [...whileDown, lastOne].map((d) => d.sha256).sort(),
      );
    });

    it('refuses a body that is not multipart (415) and a multipart body without its file (422)', async () => {
      const url = `${stack.url('HK')}/api/v1/declarations/${declarationId}/documents`;
      const json = await fetch(url, {
        method: 'POST',
        headers: { 'x-api-key': PLATFORM_KEYS['shop-a'], 'content-type': 'application/json' },
        body: '{}',
      });
      expect(json.status).toBe(415);
      const form = new FormData();
      form.append('other', new Blob([pdf()]), 'a.pdf');
      const wrongPart = await fetch(url, {
        method: 'POST',
        headers: { 'x-api-key': PLATFORM_KEYS['shop-a'] },
        body: form,
      });
      expect(wrongPart.status).toBe(400);
      const empty = await fetch(url, {
        method: 'POST',
        headers: { 'x-api-key': PLATFORM_KEYS['shop-a'] },
        body: new FormData(),
      });
      expect(empty.status).toBe(422);
      expect(((await empty.json()) as Problem).errors?.map((e) => e.pointer)).toEqual(['/file']);
    });
  });
});
