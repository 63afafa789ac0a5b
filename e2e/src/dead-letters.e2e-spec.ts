import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testInfrastructure } from '@gba/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { AuthorityStack } from './support/authority-stack';
import { file, getDeclaration, retailDeclaration, waitForDeclaration } from './support/declarations';

const ROOT = join(__dirname, '../..');

/**
 * The way back from the dead-letter topic: `npm run dlq -- list|show|replay` against a running
 * service. A real refusal makes the dead letters: GZ's database refuses (a trigger raising an
 * error, as a bug or a data problem would) the inbox entries of one declaration, so its three HK
 * events are dead-lettered after their attempts. The "fix" drops the trigger; the replay then
 * applies them through the normal consumer and inbox, once, however often replayed.
 */
describe('dead letters: listed, shown, replayed and applied once', () => {
  let stack: AuthorityStack;
  let gzDb: Client;
  const infra = testInfrastructure();
  const kafka = new Kafka({ clientId: 'e2e-dlq', brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });

  /** What the dlq commands and the services wrote on stderr / their output: no kafkajs noise. */
  const dlqStderr: string[] = [];
  const dlq = async (...args: string[]) => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'tools/service-command.mjs'), 'dlq', ...args, '--authority', 'GZ'],
      { env: stack.environment('GZ'), cwd: ROOT },
    );
    dlqStderr.push(stderr);
    return stdout;
  };
  const metric = async (name: string) => {
    const text = await (await fetch(`${stack.url('GZ')}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line ? Number(line.split(' ')[1]) : 0;
  };
  /** Waits until GZ's consumer group has committed everything on its replay topic. */
  const replayConsumed = async () => {
    const prefix = stack.environment('GZ')['KAFKA_TOPIC_PREFIX']!;
    const topic = `${prefix}gba.gz.replay.v1`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const deadline = Date.now() + 30000;
      while (Date.now() < deadline) {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId: `${prefix}gz-clearance`, topics: [topic] });
        const behind = ends.some((end) => {
          const done = committed!.partitions.find((p) => p.partition === end.partition);
          return Number(end.high) > Math.max(0, Number(done?.offset ?? 0));
        });
        if (!behind) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error('the replay topic was not consumed');
    } finally {
      await admin.disconnect();
    }
  };

  beforeAll(async () => {
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off' });
    gzDb = new Client({ connectionString: stack.environment('GZ')['DATABASE_URL'] });
    await gzDb.connect();
  });

  afterAll(async () => {
    await gzDb?.end();
    await stack?.stop();
  });

  it('lists, shows and replays dead letters; a replay applies once, a second replay changes nothing', async () => {
    // 1. GZ is down while HK takes the filing; before GZ comes back, its database is made to refuse
    //    (not temporarily: SQLSTATE P0001) the inbox entries of that one declaration.
    await stack.signal('GZ', 'SIGTERM');
    const filed = await file(stack.url('HK'), retailDeclaration({ origin: 'HK', destination: 'CN' }));
    expect(filed.status).toBe(201);
    const id = filed.body.id;
    await gzDb.query(`
      CREATE FUNCTION refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.declaration_id = '${id}' THEN RAISE EXCEPTION 'refused by the test'; END IF;
        RETURN NEW;
      END $$`);
    await gzDb.query(
      'CREATE TRIGGER refuse_for_test BEFORE INSERT ON inbox FOR EACH ROW EXECUTE FUNCTION refuse_for_test()',
    );
    await stack.launch('GZ');

    // 2. HK's three events of it (filing, assessment, decision) are dead-lettered, each counted and logged.
    const deadline = Date.now() + 60000;
    while ((await metric('gba_dead_letters_total')) < 3 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
    expect(await metric('gba_dead_letters_total')).toBe(3);
    expect(stack.output('GZ')).toMatch(/"level":50[^\n]*message sent to the dead-letter topic/);
    expect((await getDeclaration(stack.url('GZ'), id)).status).toBe(404);

    const listed = await dlq('list');
    const lines = listed.trim().split('\n');
    expect(lines[0]).toMatch(/^3 dead letter\(s\) in .*gba\.gz\.dlq\.v1$/);
    const letters = lines.slice(1).map((line) => line.split('  '));
    expect(letters.map((l) => l[3]!.split(' ')[0])).toEqual([
      'declarationFiled',
      'assessmentCompleted',
      'clearanceDecided',
    ]);
    for (const letter of letters) {
      expect(letter[0]).toMatch(/^\d+:\d+$/);
      expect(letter[2]).toMatch(/gba\.hk\.events\.v1\[\d+\]@\d+$/);
      expect(letter.slice(4)).toEqual([
        'not applied',
        'never replayed',
        expect.stringContaining('refused by the test'),
      ]);
    }
    const ids = letters.map((l) => l[0]!);

    const shown = JSON.parse(await dlq('show', '--id', ids[0]!)) as Record<string, unknown>;
    expect(shown).toMatchObject({
      id: ids[0],
      applied: false,
      replays: 0,
      event: { declarationId: id, authority: 'AUTHORITY_HK', declarationFiled: expect.any(Object) },
      headers: { 'x-source-topic': expect.stringMatching(/gba\.hk\.events\.v1$/) },
    });
    expect(shown['error']).toContain('refused by the test');

    // 3. The cause is fixed; `replay --all` sends them back and GZ applies them: the declaration clears.
    await gzDb.query('DROP TRIGGER refuse_for_test ON inbox');
    expect(await dlq('replay', '--all')).toContain('3 dead letter(s) sent to');
    const cleared = await waitForDeclaration(stack.url('GZ'), id, (d) => d.status === 'CLEARED', 60000);
    const history = () =>
      gzDb.query<{ entry: string; n: number }>(
        `SELECT authority || ':' || type AS entry, count(*)::int AS n FROM history
         WHERE declaration_id = $1 GROUP BY 1 ORDER BY 1`,
        [id],
      );
    const once = (await history()).rows;
    expect(once.map((r) => r.entry)).toEqual(
      (cleared.history as { authority: string; type: string }[])
        .map((h) => `${h.authority}:${h.type}`)
        .sort(),
    );
    expect(once.every((r) => r.n === 1)).toBe(true);
    await waitForDeclaration(stack.url('HK'), id, (d) => d.status === 'CLEARED', 60000);

    // 4. Replayed again, by id: consumed, and nothing changes.
    expect(await dlq('replay', '--id', ids.join(','))).toContain(
      '(already applied: the inbox will ignore it)',
    );
    await replayConsumed();
    expect((await history()).rows).toEqual(once);
    const inbox = await gzDb.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM inbox WHERE declaration_id = $1',
      [id],
    );
    expect(inbox.rows[0]!.n).toBe(3);
    expect(await metric('gba_dead_letters_total')).toBe(3);

    const after = (await dlq('list')).trim().split('\n').slice(1);
    for (const line of after)
      expect(line.split('  ').slice(4, 6)).toEqual([
        'applied',
        expect.stringMatching(/^replayed 2× \(last .+\)$/),
      ]);
    expect(await dlq('replay', '--all')).toContain('0 dead letter(s) sent to');
  });

  // kafkajs 2.2.4 warns of its v2 default partitioner for a producer without one, and on Node ≥ 23
  // makes Node print TimeoutNegativeWarning at every connection (kafkajs#1751): neither the running
  // services nor the dlq commands may print either.
  it("prints neither kafkajs's partitioner warning nor TimeoutNegativeWarning", () => {
    expect(dlqStderr.length).toBeGreaterThan(0);
    for (const output of [...dlqStderr, stack.output('GZ'), stack.output('HK'), stack.output('MO')]) {
      expect(output).not.toContain('TimeoutNegativeWarning');
      expect(output).not.toContain('switched default partitioner');
    }
  });
});
