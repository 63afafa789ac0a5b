/**
 * Paths pino removes from every log line: credentials and personal identifiers must never reach
 * the logs (tokens, API keys, buyers' and consignees' ID numbers).
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  '*.idNumber',
  '*.buyerIdNumber',
  '*.payerIdNumber',
  '*.password',
];
