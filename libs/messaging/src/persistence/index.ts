import { CreateOutboxAndInbox1764100000000 } from './1764100000000-create-outbox-and-inbox';
import { InboxEntry } from './inbox-entry.entity';
import { OutboxMessage } from './outbox-message.entity';

export { InboxEntry, OutboxMessage, CreateOutboxAndInbox1764100000000 };
export type { OutboxStatus } from './outbox-message.entity';

export const MESSAGING_ENTITIES = [OutboxMessage, InboxEntry];
export const MESSAGING_MIGRATIONS = [CreateOutboxAndInbox1764100000000];
