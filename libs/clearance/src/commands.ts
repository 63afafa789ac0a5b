import { parseArgs } from 'node:util';
import type { CommandContext } from '@gba/runtime';
import { type KeyedHashColumn, resealPersonalData } from './infrastructure/postgres/personal-data-reseal';
import { PostgresPlatformKeyStore } from './infrastructure/postgres/platform-keys.repository';
import { createPlatformKey } from './use-cases/platform-keys/platform-keys';
import { auditCommand } from './use-cases/audit/audit.command';
import { notificationsCommand } from './use-cases/notifications/notifications.command';

const KEYS_USAGE =
  'keys create --platform <id> [--label <text>] | keys revoke --key-id <id> | keys list [--platform <id>] | keys reseal';

/**
 * The data step that re-seals personal data stored under the former key derivation (see
 * {@link resealPersonalData}), with the authority's own columns of keyed hashes; `migrate` runs it
 * after the schema migrations (a no-op once a pass has completed), `keys reseal` on demand (`force`:
 * the full pass again).
 */
export function resealStep(columns: readonly KeyedHashColumn[] = [], force = false) {
  return async ({ dataSource, config, print }: CommandContext): Promise<void> => {
    const { declarations, keyedHashes } = await resealPersonalData(dataSource, config.piiKey, columns, {
      force,
    });
    print(
      `${config.serviceName}: personal data re-sealed under the current keys: ${declarations} declaration(s), ${keyedHashes} keyed hash(es)`,
    );
  };
}

/**
 * `main.js keys …`: platform API keys, printed once at creation and stored only as scrypt hashes;
 * `keys reseal` re-seals personal data under the current keys (harmless to repeat).
 */
const keys = (columns: readonly KeyedHashColumn[]) =>
  async function keys(context: CommandContext): Promise<void> {
    const { dataSource, config, args, print } = context;
    const [action, ...rest] = args;
    if (action === 'reseal') return resealStep(columns, true)(context);
    const store = new PostgresPlatformKeyStore(dataSource);
    const { values } = parseArgs({
      args: rest,
      options: { platform: { type: 'string' }, label: { type: 'string' }, 'key-id': { type: 'string' } },
    });
    switch (action) {
      case 'create': {
        if (!values.platform || !/^[A-Za-z0-9._-]{1,64}$/.test(values.platform)) {
          throw new Error(`--platform <id> (1–64 of A–Z a–z 0–9 . _ -) is required\nusage: ${KEYS_USAGE}`);
        }
        const { key, keyId } = await createPlatformKey(store, values.platform, values.label);
        print(`platform ${values.platform} at ${config.authority}: key id ${keyId}`);
        print(`key (shown once, store it now): ${key}`);
        return;
      }
      case 'revoke': {
        if (!values['key-id']) throw new Error(`--key-id <id> is required\nusage: ${KEYS_USAGE}`);
        if (!(await store.revoke(values['key-id']))) throw new Error(`no active key ${values['key-id']}`);
        print(`key ${values['key-id']} revoked (services stop accepting it within a minute)`);
        return;
      }
      case 'list':
        for (const k of await store.list(values.platform)) {
          print(
            `${k.keyId}  ${k.platformId}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  created ${k.createdAt}${k.label ? `  ${k.label}` : ''}`,
          );
        }
        return;
      default:
        throw new Error(`usage: ${KEYS_USAGE}`);
    }
  };

export const CLEARANCE_COMMANDS = {
  keys: keys([]),
  audit: auditCommand,
  notifications: notificationsCommand,
};

/** The operators' commands of a clearance service, `keys reseal` with its own keyed-hash columns. */
export function clearanceCommands(keyedHashColumns: readonly KeyedHashColumn[] = []) {
  return { ...CLEARANCE_COMMANDS, keys: keys(keyedHashColumns) };
}
