import { parseArgs } from 'node:util';
import type { CommandContext } from '@gba/runtime';
import { PostgresDeliveryStore } from '../../infrastructure/postgres/notifications.repository';

const USAGE = 'notifications blocked [--platform <id>] | notifications unblock [--platform <id>]';

/**
 * `main.js notifications …` (`npm run notifications -- blocked|unblock --authority X [--platform P]`):
 * the push subscribers blocked after repeated failed deliveries, and clearing their block (the
 * oldest pending notification is then tried at once, and on success the rest follow in order).
 */
export async function notificationsCommand({
  dataSource,
  config,
  args,
  print,
}: CommandContext): Promise<void> {
  const [action, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { platform: { type: 'string' } } });
  const store = new PostgresDeliveryStore(dataSource, config);
  switch (action) {
    case 'blocked': {
      const blocked = await store.blocked(values.platform);
      if (blocked.length === 0) print(`no blocked subscriber at ${config.authority}`);
      for (const b of blocked) {
        print(
          `${b.platformId}  blocked since ${b.blockedAt}  ${b.failures} failures  ${b.pending} pending  next attempt ${b.nextAttemptAt}  ${b.url}  last error: ${b.lastError ?? '-'}`,
        );
      }
      return;
    }
    case 'unblock': {
      const unblocked = await store.unblock(values.platform);
      if (unblocked.length === 0)
        throw new Error(`no blocked subscriber${values.platform ? ` ${values.platform}` : ''}`);
      for (const p of unblocked) print(`${p} unblocked: its oldest pending notification is tried now`);
      return;
    }
    default:
      throw new Error(`usage: ${USAGE}`);
  }
}
