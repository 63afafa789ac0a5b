import { type CommandContext, type OperatorCommand, parseOptions, subcommandOf } from '@gba/runtime';
import { PostgresDeliveryStore } from '../../infrastructure/postgres/notifications.repository';

const USAGE = 'notifications blocked [--platform <id>] | notifications unblock [--platform <id>]';

/**
 * `main.js notifications …` (`npm run notifications -- blocked|unblock --authority X [--platform P]`):
 * the push subscribers blocked after repeated failed deliveries, and clearing their block (the
 * oldest pending notification is then tried at once, and on success the rest follow in order).
 */
export const notificationsCommand: OperatorCommand = {
  usage: USAGE,
  parse: (args) => {
    const [action, rest] = subcommandOf(args, ['blocked', 'unblock'] as const);
    const { values } = parseOptions(rest, { platform: { type: 'string' } });
    return (context) => notifications(context, action, values.platform);
  },
};

async function notifications(
  { dataSource, config, print }: CommandContext,
  action: 'blocked' | 'unblock',
  platform: string | undefined,
): Promise<void> {
  const store = new PostgresDeliveryStore(dataSource, config);
  switch (action) {
    case 'blocked': {
      const blocked = await store.blocked(platform);
      if (blocked.length === 0) print(`no blocked subscriber at ${config.authority}`);
      for (const b of blocked) {
        print(
          `${b.platformId}  blocked since ${b.blockedAt}  ${b.failures} failures  ${b.pending} pending  next attempt ${b.nextAttemptAt}  ${b.url}  last error: ${b.lastError ?? '-'}`,
        );
      }
      return;
    }
    case 'unblock': {
      const unblocked = await store.unblock(platform);
      if (unblocked.length === 0)
        throw new Error(`no blocked subscriber${platform ? ` ${platform}` : ''}`);
      for (const p of unblocked) print(`${p} unblocked: its oldest pending notification is tried now`);
      return;
    }
  }
}
