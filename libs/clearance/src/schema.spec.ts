import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MESSAGING_MIGRATIONS } from '@gba/messaging';
import { CLEARANCE_MIGRATIONS } from './schema';

/** The 13-digit timestamp that ends a migration's class name or begins its file name. */
const timestampOf = (name: string): number => Number(/\d{13}/.exec(name)?.[0]);

describe('the schema of an authority service (CLEARANCE_MIGRATIONS)', () => {
  const own = CLEARANCE_MIGRATIONS.slice(MESSAGING_MIGRATIONS.length).map((migration) => migration.name);

  it('starts with the messaging migrations', () => {
    expect(CLEARANCE_MIGRATIONS.slice(0, MESSAGING_MIGRATIONS.length)).toEqual(MESSAGING_MIGRATIONS);
  });

  it('lists each migration of infrastructure/postgres/migrations once, in timestamp order', () => {
    const files = readdirSync(join(__dirname, 'infrastructure/postgres/migrations')).filter((file) =>
      /^\d{13}-.+\.ts$/.test(file),
    );
    expect(new Set(own).size).toBe(own.length);
    const timestamps = own.map(timestampOf);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
    expect([...timestamps].sort()).toEqual(files.map(timestampOf).sort());
  });
});
