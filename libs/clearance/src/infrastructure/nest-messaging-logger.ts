import type { Logger } from '@nestjs/common';
import type { MessagingLogger } from '@gba/messaging';

/** A Nest logger as the logger of @gba/messaging's loops (outbox relay, leader loops). */
export function messagingLoggerOf(logger: Logger): MessagingLogger {
  return {
    error: (o, m) => logger.error(o, m),
    warn: (o, m) => logger.warn(o, m),
    info: (o, m) => logger.log(o, m),
    debug: (o, m) => logger.debug(o, m),
  };
}
