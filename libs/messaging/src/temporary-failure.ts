/**
 * Tells a temporary failure (the database, the network or the broker is busy, down or shutting
 * down) from one that says something about the work itself (a bad event, a broken rule, a bug).
 * A temporary failure is retried for as long as it lasts: an event that met one is never
 * dead-lettered, and a request that met one is answered 503 with Retry-After, never 500.
 *
 * The kinds are the labels of logs and metrics:
 * - `pool-exhausted`: no pooled connection within the pool's connection timeout (pg-pool);
 * - `database-unreachable`: connecting failed or the connection broke (SQLSTATE class 08, a
 *   connection terminated or timed out, TypeORM not connected);
 * - `lock-timeout`: `lock_timeout` expired or NOWAIT met a lock (55P03, 57014 on a lock);
 * - `statement-timeout`: `statement_timeout` expired or the statement was cancelled (57014);
 * - `database-shutdown`: the server is shutting down, restarting or in recovery, or the pool
 *   was ended by our own shutdown (class 57 besides 57014);
 * - `insufficient-resources`: too many connections, out of memory, disk full (class 53);
 * - `serialization-failure` (40001) and `deadlock` (40P01): the transaction may simply be run again;
 * - `network`: a Node socket error (refused, reset, timed out, unreachable, DNS not answering);
 * - `broker`: Kafka unreachable, timing out, without leader or coordinator, or retries exhausted;
 * - `transient`: an error the caller marked temporary itself ({@link TransientFailure}).
 */
export type TemporaryFailureKind =
  | 'pool-exhausted'
  | 'database-unreachable'
  | 'lock-timeout'
  | 'statement-timeout'
  | 'database-shutdown'
  | 'insufficient-resources'
  | 'serialization-failure'
  | 'deadlock'
  | 'network'
  | 'broker'
  | 'transient';

/** Thrown by code that knows a failure is temporary; never dead-lettered. */
export class TransientFailure extends Error {
  override readonly name = 'TransientFailure';
}

const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
]);

/** kafkajs protocol errors that say the cluster is busy or moving, not that the request is wrong. */
const BROKER_PROTOCOL_ERRORS = new Set([
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'NOT_LEADER_OR_FOLLOWER',
  'BROKER_NOT_AVAILABLE',
  'REPLICA_NOT_AVAILABLE',
  'NOT_COORDINATOR',
  'NOT_COORDINATOR_FOR_GROUP',
  'COORDINATOR_NOT_AVAILABLE',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'GROUP_LOAD_IN_PROGRESS',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'KAFKA_STORAGE_ERROR',
  'NOT_CONTROLLER',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'REBALANCE_IN_PROGRESS',
  'CONCURRENT_TRANSACTIONS',
  'THROTTLING_QUOTA_EXCEEDED',
]);

/** kafkajs errors (by name) that are temporary whatever their `retriable` flag says. */
const BROKER_ERROR_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSLockTimeout',
  'KafkaJSTimeout',
]);

/** TypeORM's errors of a data source that is not (or no longer, or not yet) connected. */
const NOT_CONNECTED_ERRORS = new Set([
  'ConnectionIsNotSetError',
  'CannotConnectAlreadyConnectedError',
  'CannotExecuteNotConnectedError',
  'CannotGetEntityManagerNotConnectedError',
  'QueryRunnerAlreadyReleasedError',
  // TypeORM releases a transaction's connection when PostgreSQL terminates it; the transaction's
  // next statement then fails with this instead of a SQLSTATE.
  'QueryRunnerProviderAlreadyReleasedError',
]);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  type?: unknown;
  retriable?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function sqlStateKind(code: string, message: string): TemporaryFailureKind | undefined {
  if (code === '55P03') return 'lock-timeout';
  if (code === '57014') return /lock timeout/i.test(message) ? 'lock-timeout' : 'statement-timeout';
  if (code === '40001') return 'serialization-failure';
  if (code === '40P01') return 'deadlock';
  if (code.startsWith('08')) return 'database-unreachable';
  if (code.startsWith('53')) return 'insufficient-resources';
  if (code.startsWith('57')) return 'database-shutdown';
  // A database closed to new sessions for maintenance (ALLOW_CONNECTIONS false): refused at
  // connect time like a restart; any other 55000 is a programming error, not a temporary one.
  if (code === '55000' && /not currently accepting connections/i.test(message)) return 'database-unreachable';
  return undefined;
}

function messageKind(message: string): TemporaryFailureKind | undefined {
  if (/timeout exceeded when trying to connect/i.test(message)) return 'pool-exhausted';
  if (/Cannot use a pool after calling end|pool is (ending|ended)|Driver not Connected/i.test(message))
    return 'database-shutdown';
  if (
    /Connection terminated|connection timeout|Connection is not established|terminating connection|Client has encountered a connection error|Client was closed and is not queryable/i.test(
      message,
    )
  )
    return 'database-unreachable';
  return undefined;
}

function classify(err: unknown, depth: number): TemporaryFailureKind | undefined {
  if (err === null || typeof err !== 'object' || depth > 5) return undefined;
  const e = err as ErrorLike;
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (err instanceof TransientFailure) return 'transient';

  if (typeof e.code === 'string') {
    const kind = sqlStateKind(e.code, message) ?? (SOCKET_ERRORS.has(e.code) ? 'network' : undefined);
    if (kind) return kind;
  }
  const driverKind = classify(e.driverError, depth + 1);
  if (driverKind) return driverKind;
  if (NOT_CONNECTED_ERRORS.has(name)) return 'database-unreachable';

  if (name.startsWith('KafkaJS')) {
    if (BROKER_ERROR_NAMES.has(name)) return 'broker';
    if (typeof e.type === 'string' && BROKER_PROTOCOL_ERRORS.has(e.type)) return 'broker';
    if (e.retriable === true) return 'broker';
    // A non-retriable wrapper is temporary when what it wraps is.
    return classify(e.cause, depth + 1);
  }

  const kind = messageKind(message);
  if (kind) return kind;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const innerKind = classify(inner, depth + 1);
      if (innerKind) return innerKind;
    }
  }
  return classify(e.cause, depth + 1);
}

/**
 * The kind of a temporary failure, or undefined when the failure is not temporary (retrying will
 * not help: the event or request itself is at fault, or the code is). Looks through TypeORM's
 * `driverError`, `cause` chains and aggregate errors.
 */
export function temporaryFailureKind(err: unknown): TemporaryFailureKind | undefined {
  return classify(err, 0);
}

/** True when `err` is temporary: see {@link temporaryFailureKind}. */
export function isTemporaryFailure(err: unknown): boolean {
  return temporaryFailureKind(err) !== undefined;
}
