import { CreateOutboxAndInbox1764100000000 } from './1764100000000-create-outbox-and-inbox';
import { CreateDeadLetterReplays1764900000000 } from './1764900000000-create-dead-letter-replays';
import { InboxEntry } from './inbox-entry.entity';
import { OutboxMessage } from './outbox-message.entity';

export { InboxEntry, OutboxMessage, CreateOutboxAndInbox1764100000000, CreateDeadLetterReplays1764900000000 };
export type { OutboxStatus } from './outbox-message.entity';

export const MESSAGING_ENTITIES = [OutboxMessage, InboxEntry];
export const MESSAGING_MIGRATIONS = [CreateOutboxAndInbox1764100000000, CreateDeadLetterReplays1764900000000];
