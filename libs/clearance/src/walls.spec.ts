import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { ESLint } from 'eslint';

// The walls between the rooms of the clearance core are lint rules (eslint.config.mjs): this
// proves they stand, by linting small files placed in each room, as `npm test` lints. ESLint runs
// in a child process (its Node API loads the flat config with a dynamic import, which Jest's
// module sandbox does not allow).
const root = join(__dirname, '../../..');

async function problems(filePath: string, code: string): Promise<string[]> {
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/eslint/bin/eslint.js'),
      '--format',
      'json',
      '--stdin',
      '--stdin-filename',
      filePath,
    ],
    { cwd: root, input: code, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } },
  );
  if (run.status !== 0 && run.status !== 1) throw new Error(`eslint failed: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as ESLint.LintResult[];
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the walls of the clearance core', () => {
  it.each([
    ['typeorm', "import { DataSource } from 'typeorm';\nexport const store = DataSource;\n"],
    ['pg', "import { Client } from 'pg';\nexport const client = Client;\n"],
    [
      '@nestjs/common',
      "import { Injectable } from '@nestjs/common';\nexport const injectable = Injectable;\n",
    ],
    ['@gba/contracts', "import { createEvent } from '@gba/contracts';\nexport const event = createEvent;\n"],
    ['@bufbuild/protobuf', "import { create } from '@bufbuild/protobuf';\nexport const message = create;\n"],
  ])(
    'refuses %s in the domain',
    async (what, code) => {
      const found = await problems('libs/clearance-domain/src/wall-probe.ts', code);
      expect(found).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries: .*/)]);
      expect(found[0]).toContain(
        what === '@gba/contracts'
          ? 'can only depend on libs tagged with "scope:standards"'
          : `is not allowed to import "${what}"`,
      );
    },
    60000,
  );

  it('lets the domain use the standard', async () => {
    const code = "import { decide } from '@gba/standards';\nexport const rule = decide;\n";
    expect(await problems('libs/clearance-domain/src/wall-probe.ts', code)).toEqual([]);
  }, 60000);

  it.each([
    ['typeorm', "import type { EntityManager } from 'typeorm';\nexport type M = EntityManager;\n"],
    ['@gba/contracts', "import type { Event } from '@gba/contracts';\nexport type E = Event;\n"],
  ])(
    'refuses %s in a use case',
    async (_what, code) => {
      const found = await problems('libs/clearance/src/use-cases/decide/wall-probe.ts', code);
      expect(found).toEqual([expect.stringMatching(/^no-restricted-imports: .*no SQL, TypeORM or protobuf/)]);
    },
    60000,
  );

  it('lets infrastructure use TypeORM', async () => {
    const code = "import type { EntityManager } from 'typeorm';\nexport type M = EntityManager;\n";
    expect(await problems('libs/clearance/src/infrastructure/postgres/wall-probe.ts', code)).toEqual([]);
  }, 60000);
});
