import {
  type CommandContext,
  type OperatorCommand,
  parseOptions,
  subcommandOf,
  UsageError,
} from '@gba/runtime';
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

/** A platform's id: 1–64 of A–Z a–z 0–9 . _ - */
const PLATFORM_ID = /^[A-Za-z0-9._-]{1,64}$/;

function platformOf(value: string | undefined, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (value === undefined || !PLATFORM_ID.test(value)) {
    throw new UsageError('--platform <id> (1–64 of A–Z a–z 0–9 . _ -) is required');
  }
  return value;
}

/**
 * `main.js keys …`: platform API keys, printed once at creation and stored only as scrypt hashes;
 * `keys reseal` re-seals personal data under the current keys (harmless to repeat). Arguments are
 * checked before the database is opened (exit 64); an unknown key id to revoke is exit 1.
 */
const keys = (columns: readonly KeyedHashColumn[]): OperatorCommand => ({
  usage: KEYS_USAGE,
  parse: (args) => {
    const [action, rest] = subcommandOf(args, ['create', 'revoke', 'list', 'reseal'] as const);
    switch (action) {
      case 'reseal':
        parseOptions(rest, {});
        return resealStep(columns, true);
      case 'create': {
        const { values } = parseOptions(rest, { platform: { type: 'string' }, label: { type: 'string' } });
        const platform = platformOf(values.platform, true) as string;
        return async ({ dataSource, config, print }: CommandContext) => {
          const { key, keyId } = await createPlatformKey(
            new PostgresPlatformKeyStore(dataSource),
            platform,
            values.label,
          );
          print(`platform ${platform} at ${config.authority}: key id ${keyId}`);
          print(`key (shown once, store it now): ${key}`);
        };
      }
      case 'revoke': {
        const keyId = parseOptions(rest, { 'key-id': { type: 'string' } }).values['key-id'];
        if (!keyId) throw new UsageError('--key-id <id> is required');
        return async ({ dataSource, print }: CommandContext) => {
          if (!(await new PostgresPlatformKeyStore(dataSource).revoke(keyId))) {
            throw new Error(`no active key ${keyId}`);
          }
          print(`key ${keyId} revoked (services stop accepting it within a minute)`);
        };
      }
      case 'list': {
        const platform = platformOf(
          parseOptions(rest, { platform: { type: 'string' } }).values.platform,
          false,
        );
        return async ({ dataSource, print }: CommandContext) => {
          for (const k of await new PostgresPlatformKeyStore(dataSource).list(platform)) {
            print(
              `${k.keyId}  ${k.platformId}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  created ${k.createdAt}${k.label ? `  ${k.label}` : ''}`,
            );
          }
        };
      }
    }
  },
});

export const CLEARANCE_COMMANDS = {
  keys: keys([]),
  audit: auditCommand,
  notifications: notificationsCommand,
};

/** The operators' commands of a clearance service, `keys reseal` with its own keyed-hash columns. */
export function clearanceCommands(keyedHashColumns: readonly KeyedHashColumn[] = []) {
  return { ...CLEARANCE_COMMANDS, keys: keys(keyedHashColumns) };
}
