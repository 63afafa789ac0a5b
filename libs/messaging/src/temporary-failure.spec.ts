import {
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import { DatabaseError } from 'pg';
import {
  CannotConnectAlreadyConnectedError,
  CannotExecuteNotConnectedError,
  ConnectionIsNotSetError,
  QueryFailedError,
  QueryRunnerProviderAlreadyReleasedError,
  TypeORMError,
} from 'typeorm';
import { TransientFailure, temporaryFailureKind } from './temporary-failure';

// kafkajs builds its protocol errors from the broker's error code with this (internal) table: the
// KafkaJSProtocolError its decoders throw.
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as {
  createErrorFromCode: (code: number) => KafkaJSProtocolError;
};

// kafkajs's typings omit the second constructor parameter ({ cause }) that its errors.js takes.
const KafkaJSNonRetriableErrorWithCause = KafkaJSNonRetriableError as new (
  e: Error | string,
  metadata: { cause: Error },
) => KafkaJSNonRetriableError;

/** A server error as pg's protocol parser builds it (message, length, severity name), with its SQLSTATE. */
function pgError(code: string, message: string): DatabaseError {
  const err = new DatabaseError(message, message.length, 'error');
  err.code = code;
  err.severity = 'ERROR';
  return err;
}

/** What TypeORM throws when a query fails: the driver's error inside. */
const queryFailed = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

const socketError = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: 'connect' });

describe('temporary failures are told from failures of the work itself', () => {
  const table: [label: string, err: unknown, kind: string | undefined][] = [
    // pg-pool and pg (message only: these errors carry no code)
    ['pool wait timed out', new Error('timeout exceeded when trying to connect'), 'pool-exhausted'],
    ['pool ended', new Error('Cannot use a pool after calling end on the pool'), 'database-shutdown'],
    ['connection lost', new Error('Connection terminated unexpectedly'), 'database-unreachable'],
    [
      'connect timed out',
      new Error('Connection terminated due to connection timeout', { cause: new Error('x') }),
      'database-unreachable',
    ],
    ['connection refused', socketError('ECONNREFUSED'), 'network'],
    ['connection reset', socketError('ECONNRESET'), 'network'],
    ['DNS not answering', socketError('EAI_AGAIN'), 'network'],
    ['refused on every address', new AggregateError([socketError('ECONNREFUSED')]), 'network'],
    // SQLSTATEs, raw and wrapped by TypeORM
    ['08006 connection failure', pgError('08006', 'connection failure'), 'database-unreachable'],
    ['08P01 protocol violation', queryFailed(pgError('08P01', 'protocol violation')), 'database-unreachable'],
    [
      '53300 too many connections',
      pgError('53300', 'sorry, too many clients already'),
      'insufficient-resources',
    ],
    ['53100 disk full', queryFailed(pgError('53100', 'could not extend file')), 'insufficient-resources'],
    [
      '57P01 admin shutdown',
      queryFailed(pgError('57P01', 'terminating connection due to administrator command')),
      'database-shutdown',
    ],
    [
      '55000 database closed to new sessions',
      pgError('55000', 'database "gba_gz" is not currently accepting connections'),
      'database-unreachable',
    ],
    ['57P03 cannot connect now', pgError('57P03', 'the database system is starting up'), 'database-shutdown'],
    [
      '57014 statement timeout',
      queryFailed(pgError('57014', 'canceling statement due to statement timeout')),
      'statement-timeout',
    ],
    [
      '57014 lock timeout',
      queryFailed(pgError('57014', 'canceling statement due to lock timeout')),
      'lock-timeout',
    ],
    [
      '55P03 lock not available',
      queryFailed(pgError('55P03', 'could not obtain lock on row in relation "outbox"')),
      'lock-timeout',
    ],
    [
      '40001 serialization failure',
      queryFailed(pgError('40001', 'could not serialize access')),
      'serialization-failure',
    ],
    ['40P01 deadlock', queryFailed(pgError('40P01', 'deadlock detected')), 'deadlock'],
    // TypeORM without a connection
    ['TypeORM: not connected', new ConnectionIsNotSetError('postgres'), 'database-unreachable'],
    ['TypeORM: connecting twice', new CannotConnectAlreadyConnectedError(), 'database-unreachable'],
    ['TypeORM: executing unconnected', new CannotExecuteNotConnectedError(), 'database-unreachable'],
    [
      'TypeORM: transaction whose connection was terminated',
      new QueryRunnerProviderAlreadyReleasedError(),
      'database-unreachable',
    ],
    ['TypeORM: driver not connected', new TypeORMError('Driver not Connected'), 'database-shutdown'],
    // kafkajs
    ['kafkajs connection', new KafkaJSConnectionError('Connection error: connect ECONNREFUSED'), 'broker'],
    [
      'kafkajs request timeout',
      new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out'),
      'broker',
    ],
    [
      'kafkajs retries exhausted',
      new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection timeout'), {
        retryCount: 5,
        retryTime: 9000,
      }),
      'broker',
    ],
    ['kafkajs leader not available', createErrorFromCode(5), 'broker'],
    ['kafkajs not coordinator', createErrorFromCode(16), 'broker'],
    ['kafkajs broker not available', createErrorFromCode(8), 'broker'],
    ['kafkajs retriable error', new KafkaJSError('something retriable', { retriable: true }), 'broker'],
    [
      'kafkajs non-retriable wrapping a retriable cause',
      new KafkaJSNonRetriableErrorWithCause('gave up', {
        cause: new KafkaJSRequestTimeoutError('timed out'),
      }),
      'broker',
    ],
    ['marked by the caller', new TransientFailure('try later'), 'transient'],
    [
      'a cause chain',
      new Error('apply failed', { cause: queryFailed(pgError('40P01', 'deadlock detected')) }),
      'deadlock',
    ],
    // Not temporary: retrying cannot help
    [
      '23505 unique violation',
      queryFailed(pgError('23505', 'duplicate key value violates unique constraint')),
      undefined,
    ],
    ['22P02 invalid text', queryFailed(pgError('22P02', 'invalid input syntax for type uuid')), undefined],
    ['P0001 raised by a trigger', queryFailed(pgError('P0001', 'refused')), undefined],
    ['42P01 undefined table', pgError('42P01', 'relation "nope" does not exist'), undefined],
    ['kafkajs non-retriable', new KafkaJSNonRetriableError('Invalid message'), undefined],
    ['kafkajs message too large', createErrorFromCode(10), undefined],
    ['kafkajs topic authorization', createErrorFromCode(29), undefined],
    ['a rule of the standard', new Error('declaration fails the data standard: HS_CODE_INVALID'), undefined],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'x')"), undefined],
    ['not an error', 'boom', undefined],
    ['nothing', null, undefined],
  ];
  it.each(table.map(([label, err, kind]) => [label, kind ?? 'not temporary', err, kind] as const))(
    '%s → %s',
    (_label, _shown, err, kind) => {
      expect(temporaryFailureKind(err)).toBe(kind);
    },
  );
});
