import { logLevel, type logCreator } from 'kafkajs';

/** The slice of a pino-style logger the Kafka adapters need. */
export interface MessagingLogger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** Routes kafkajs' own log lines into our structured logger instead of its console output. */
export function kafkaLogCreator(logger: MessagingLogger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...rest } = log;
      const fields = { component: 'kafkajs', ...rest };
      // kafkajs logs at ERROR what it then retries by itself; a failure that stays one reaches
      // our own code as a thrown error and is logged there.
      if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(fields, message);
      else if (level === logLevel.INFO) logger.debug(fields, message);
    };
}
