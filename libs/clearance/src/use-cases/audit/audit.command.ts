import { type CommandContext, type OperatorCommand, parseOptions, subcommandOf } from '@gba/runtime';
import { AuditTrailRepository } from '../../infrastructure/postgres/audit-trail.repository';

/**
 * `main.js audit verify`: chains what has committed, then walks the hash chain of the audit
 * trail; exit code 1 when it is broken (64 on other arguments).
 */
export const auditCommand: OperatorCommand = {
  usage: 'audit verify',
  parse: (args) => {
    const [, rest] = subcommandOf(args, ['verify'] as const);
    parseOptions(rest, {});
    return verify;
  },
};

async function verify({ dataSource, print }: CommandContext): Promise<void> {
  const result = await new AuditTrailRepository(dataSource).chainAndVerify();
  if (!result.ok) {
    throw new Error(
      `audit trail BROKEN at entry ${result.firstBroken?.seq}: ${result.firstBroken?.problem} (${result.entries} entries verified before it; ${result.unchained} not yet chained)`,
    );
  }
  print(`audit trail intact: ${result.entries} entries (${result.unchained} not yet chained)`);
}
