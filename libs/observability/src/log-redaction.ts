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

/** What stands in for every query value in logs and spans. */
export const REDACTED_VALUE = '[redacted]';

/** A parameter name that can be shown: a short identifier, not data put where a name goes. */
const SHOWABLE_NAME = /^[A-Za-z][A-Za-z0-9_.[\]-]{0,63}$/;

/**
 * A query string (without `?`) as logs and spans may hold it: the parameter names in order, every
 * value replaced by `[redacted]`; a name that is not a short identifier (e.g. an ID number sent as
 * a name) is replaced too. A URL's query may carry personal data (an ID number, a name), and logs
 * and traces are kept longer and read more widely than the data itself.
 * E.g. `buyerIdNumber=110105…&limit=5` → `buyerIdNumber=[redacted]&limit=[redacted]`.
 */
export function redactQuery(query: string): string {
  const names: string[] = [];
  for (const name of new URLSearchParams(query).keys())
    names.push(`${SHOWABLE_NAME.test(name) ? name : REDACTED_VALUE}=${REDACTED_VALUE}`);
  return names.join('&');
}

/**
 * A request target (`/path?query`) with its query values redacted (redactQuery); the path is
 * kept as it is (paths carry no personal data: identifiers of persons travel in bodies).
 */
export function redactRequestTarget(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? target : `${target.slice(0, q)}?${redactQuery(target.slice(q + 1))}`;
}

/** The request as pino-http's standard serializer gives it (the fields used here). */
interface SerializedRequest {
  url?: string;
  query?: unknown;
  [field: string]: unknown;
}

/**
 * pino-http `serializers` for the request log: `req.url` with redacted query values and no parsed
 * `req.query` (its values would be there in clear). Pass as `pinoHttp: { serializers: ... }`.
 */
export const REQUEST_LOG_SERIALIZERS = {
  req: (req: SerializedRequest): SerializedRequest => {
    const { query: _query, ...rest } = req;
    return typeof rest.url === 'string' ? { ...rest, url: redactRequestTarget(rest.url) } : rest;
  },
};
