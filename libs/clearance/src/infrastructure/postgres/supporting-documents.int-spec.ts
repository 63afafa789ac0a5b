import { createHash, randomUUID } from 'node:crypto';
import type { ServiceConfig } from '@gba/runtime';
import { createTestDatabase, sampleDeclaration, sampleResidentId } from '@gba/testing';
import { DataSource } from 'typeorm';
import { ClearanceFactory } from '../../use-cases/clearance-factory';
import type { ClearanceMetrics } from '../../use-cases/clearance-metrics';
import { FileDeclarations } from '../../use-cases/file-declarations/file-declarations.handler';
import type {
  SharedDocument,
  StoredDocument,
} from '../../use-cases/supporting-documents/supporting-documents.command';
import { CLEARANCE_ENTITIES, CLEARANCE_MIGRATIONS } from '../../schema';
import { PostgresClearanceStore } from './postgres-clearance.store';
import { documentSummaries, PostgresSupportingDocumentStore } from './supporting-documents.repository';

const ignore = (): void => undefined;
const metrics = { filed: { inc: ignore }, decisions: { inc: ignore } } as unknown as ClearanceMetrics;

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function documentOf(
  declarationId: string,
  text: string = randomUUID(),
  uploadedAt = new Date(),
): StoredDocument {
  const content = pdf(text);
  return {
    id: randomUUID(),
    declarationId,
    fileName: `${text}.pdf`,
    mediaType: 'application/pdf',
    sizeBytes: content.length,
    sha256: sha256(content),
    uploadedBy: 'platform:shop-a',
    uploadedWith: 'HK',
    uploadedAt: uploadedAt.toISOString(),
    content,
  };
}

describe('supporting documents in PostgreSQL', () => {
  let dataSource: DataSource;
  let store: PostgresSupportingDocumentStore;
  let filing: FileDeclarations;
  let serial = 0;

  /** A HK → CN retail import filed at HK by shop-a: its id. */
  async function fileOne(): Promise<string> {
    const n = ++serial;
    const [outcome] = await filing.file('shop-a', [
      {
        idempotencyKey: `docs-${n}`,
        declaration: sampleDeclaration(
          { origin: 'HK', destination: 'CN' },
          { serial: n, buyerIdNumber: sampleResidentId(n), platformRef: `DOC-${n}` },
        ),
      },
    ]);
    if (outcome?.kind !== 'filed') throw new Error(`not filed: ${JSON.stringify(outcome)}`);
    return outcome.declaration.id;
  }

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: await createTestDatabase('documents_hk'),
      entities: CLEARANCE_ENTITIES,
      migrations: CLEARANCE_MIGRATIONS,
      migrationsTableName: 'schema_migrations',
      extra: { max: 6 },
    });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const config = {
      authority: 'HK',
      piiKey: 'a-pii-key-of-at-least-thirty-two-characters',
      topicPrefix: 'documents-test.',
      randomSelection: false,
      selectionKey: 'a-selection-key-of-16+',
    } as ServiceConfig;
    filing = new FileDeclarations(
      new PostgresClearanceStore(dataSource, config),
      new ClearanceFactory(config, metrics),
      metrics,
    );
    store = new PostgresSupportingDocumentStore(dataSource);
  });

  afterAll(() => dataSource?.destroy());

  it("stores an upload of the declaration's platform with its participants, audited, and reads it back byte for byte", async () => {
    const id = await fileOne();
    const document = documentOf(id, 'invoice');
    expect(await store.add(document, { platformId: 'shop-a' }, 20)).toEqual({ kind: 'added' });
    const { content, ...summary } = document;
    expect(await store.list(id, { platformId: 'shop-a' })).toEqual([summary]);
    const read = await store.get(id, document.id, {});
    expect(read).toEqual(document);
    expect(read?.content.equals(content)).toBe(true);
    const audit: { entry: string }[] = await dataSource.query(
      "SELECT entry FROM audit_log WHERE entry::jsonb ->> 'action' = 'DOCUMENT_UPLOADED'",
    );
    expect(audit.map((a) => JSON.parse(a.entry))).toEqual([
      expect.objectContaining({
        action: 'DOCUMENT_UPLOADED',
        actor: 'platform:shop-a',
        declarationId: id,
        detail: expect.objectContaining({ sha256: document.sha256, fileName: 'invoice.pdf' }),
      }),
    ]);
  });

  it('stores the same bytes once per declaration: a retry gets the document already there', async () => {
    const id = await fileOne();
    const first = documentOf(id, 'same');
    expect(await store.add(first, {}, 20)).toEqual({ kind: 'added' });
    const retry = { ...documentOf(id, 'same'), fileName: 'again.pdf' };
    const { content: _c, ...summary } = first;
    expect(await store.add(retry, {}, 20)).toEqual({ kind: 'exists', document: summary });
    expect(await store.list(id, {})).toEqual([summary]);
    // Another declaration may hold the same bytes.
    expect(await store.add(documentOf(await fileOne(), 'same'), {}, 20)).toEqual({ kind: 'added' });
  });

  it('answers not-found for another platform and for a declaration not on record, and hides their documents', async () => {
    const id = await fileOne();
    expect(await store.add(documentOf(id), { platformId: 'shop-b' }, 20)).toEqual({ kind: 'not-found' });
    expect(await store.add(documentOf(randomUUID()), {}, 20)).toEqual({ kind: 'not-found' });
    const mine = documentOf(id);
    await store.add(mine, {}, 20);
    expect(await store.list(id, { platformId: 'shop-b' })).toBeUndefined();
    expect(await store.get(id, mine.id, { platformId: 'shop-b' })).toBeUndefined();
    expect(await store.get(randomUUID(), mine.id, {})).toBeUndefined();
    expect(await store.list(id, {})).toHaveLength(1);
  });

  it('never lets concurrent uploads pass the limit', async () => {
    const id = await fileOne();
    const results = await Promise.all(Array.from({ length: 6 }, () => store.add(documentOf(id), {}, 4)));
    expect(results.filter((r) => r.kind === 'added')).toHaveLength(4);
    expect(results.filter((r) => r.kind === 'full')).toHaveLength(2);
    expect(await store.list(id, {})).toHaveLength(4);
  });

  it('shares each upload once, with the participants, and keeps it pending when sending fails', async () => {
    // Drain what earlier tests uploaded.
    while (await store.shareNext(async () => undefined));
    const id = await fileOne();
    const document = documentOf(id);
    await store.add(document, {}, 20);

    await expect(
      store.shareNext(async () => {
        throw new Error('broker down');
      }),
    ).rejects.toThrow('broker down');
    const sent: SharedDocument[] = [];
    expect(await store.shareNext(async (d) => void sent.push(d))).toBe(true);
    expect(await store.shareNext(async (d) => void sent.push(d))).toBe(false);
    expect(sent).toEqual([{ ...document, participants: ['GZ', 'HK'] }]);
  });

  it("stores a partner's document once, never shares it again, and lists every document oldest first", async () => {
    while (await store.shareNext(async () => undefined));
    const id = await fileOne();
    const own = documentOf(id, 'own', new Date('2026-03-01T09:00:00Z'));
    await store.add(own, {}, 20);
    const partner: SharedDocument = {
      ...documentOf(id, 'partner', new Date('2026-03-01T08:00:00Z')),
      uploadedWith: 'GZ',
      uploadedBy: 'officer:GZ-1',
      participants: ['GZ', 'HK'],
    };
    expect(await store.receive(partner)).toBe(true);
    expect(await store.receive(partner)).toBe(false);
    const shared: string[] = [];
    while (await store.shareNext(async (d) => void shared.push(d.id)));
    expect(shared).toEqual([own.id]);
    expect((await store.list(id, {}))?.map((d) => d.id)).toEqual([partner.id, own.id]);
    expect((await store.get(id, partner.id, {}))?.content.equals(partner.content)).toBe(true);
  });

  it("gives a document-check task its declaration's documents, by declaration", async () => {
    const [a, b] = [await fileOne(), await fileOne()];
    const first = documentOf(a, 'a1', new Date('2026-03-01T08:00:00Z'));
    const second = documentOf(a, 'a2', new Date('2026-03-01T08:01:00Z'));
    await store.add(second, {}, 20);
    await store.add(first, {}, 20);
    const byDeclaration = await documentSummaries(dataSource, [a, b, a]);
    expect(byDeclaration.get(a)?.map((d) => d.fileName)).toEqual(['a1.pdf', 'a2.pdf']);
    expect(byDeclaration.get(b)).toBeUndefined();
    expect((await documentSummaries(dataSource, [])).size).toBe(0);
  });

  it('refuses in the schema what no code path may store: a hash that is not hex, a size that is not the content', async () => {
    const id = await fileOne();
    await expect(store.add({ ...documentOf(id), sha256: 'not-a-hash' }, {}, 20)).rejects.toThrow();
    await expect(store.add({ ...documentOf(id), sizeBytes: 1 }, {}, 20)).rejects.toThrow();
  });
});
