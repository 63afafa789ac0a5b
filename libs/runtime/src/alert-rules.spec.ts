import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// deploy/alerts must alert on metrics the services really export.
const root = join(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.ts$/.test(entry.name) && !/spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('alert rules', () => {
  const rules = parse(readFileSync(join(root, 'deploy/alerts/gba-clearance.rules.yml'), 'utf8')) as {
    groups: { rules: { alert: string; expr: string; labels: { severity: string } }[] }[];
  };
  const all = rules.groups.flatMap((g) => g.rules);
  const registered = new Set(
    sources(join(root, 'libs')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/name: '(gba_[a-z_]+)'/g)].map((m) => m[1]!),
    ),
  );

  it('alerts on any dead letter', () => {
    expect(all.find((r) => r.alert === 'GbaDeadLetter')?.expr).toMatch(
      /increase\(gba_dead_letters_total\[\w+\]\) > 0/,
    );
  });

  it.each(all.map((r) => [r.alert, r] as const))(
    '%s uses only metrics the services register',
    (_name, rule) => {
      const metrics = [...rule.expr.matchAll(/\b(gba_[a-z_]+)/g)].map((m) => m[1]!);
      expect(metrics.length).toBeGreaterThan(0);
      for (const metric of metrics) expect(registered).toContain(metric);
      expect(['page', 'warn']).toContain(rule.labels.severity);
    },
  );
});
