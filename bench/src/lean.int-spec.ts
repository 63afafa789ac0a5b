import { createTestDatabase } from '@gba/testing';
import { Client } from 'pg';
import { leanTransactionLimit, pgbenchScript } from './lean';

async function rowCounts(url: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const table of ['declaration', 'participant', 'history', 'outbox', 'inbox']) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`);
      counts[table] = Number(rows[0].n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

describe('the lean declaration-like transaction', () => {
  it('is one row per table and two participant rows per commit (pg client loop)', async () => {
    const url = await createTestDatabase('lean_pg');
    const r = await leanTransactionLimit({ databaseUrl: url, seconds: 1, clients: 2, tool: 'pg' });
    expect(r).toMatchObject({ tool: 'pg', clients: 2, failed: 0 });
    expect(r.commits).toBeGreaterThan(10);
    expect(r.commitsPerS).toBeGreaterThan(10);
    const c = r.commits;
    expect(await rowCounts(url)).toEqual({
      declaration: c,
      participant: 2 * c,
      history: c,
      outbox: c,
      inbox: c,
    });
  });

  it('runs under pgbench where it is installed, else the pg loop, with the same rows per commit', async () => {
    const url = await createTestDatabase('lean_auto');
    const r = await leanTransactionLimit({ databaseUrl: url, seconds: 1, clients: 2, tool: 'auto' });
    expect(r.failed).toBe(0);
    expect(r.commits).toBeGreaterThan(10);
    const c = r.commits;
    expect(await rowCounts(url)).toEqual({
      declaration: c,
      participant: 2 * c,
      history: c,
      outbox: c,
      inbox: c,
    });
  });

  it("pgbench's script refers to no variable but :n (the JSON document is indented so that none appears)", () => {
    const variables = pgbenchScript()
      .replace(/::/g, ' ')
      .match(/:[A-Za-z_]\w*/g);
    expect(new Set(variables)).toEqual(new Set([':n']));
  });
});
