import { DatabaseError } from 'pg';
import { describeCommandFailure, EXIT, parseOptions, UsageError } from './operator-command';

const targets = {
  databaseUrl: 'postgres://clearance:s3cret@db.example:6432/gz?sslmode=require&password=x',
  brokers: ['k1:9092', 'k2:9092'],
};

function pgError(code: string, message: string): DatabaseError {
  const err = new DatabaseError(message, 0, 'error');
  err.code = code;
  return err;
}

function kafkaError(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

describe('describeCommandFailure: sysexits code and one line', () => {
  it.each([
    [pgError('53300', 'sorry, too many clients already'), EXIT.tempfail, 'unavailable (retry later)'],
    [pgError('57P03', 'the database system is starting up'), EXIT.tempfail, 'unavailable (retry later)'],
    [pgError('3D000', 'database "gz" does not exist'), EXIT.unavailable, 'refuses'],
    [pgError('28P01', 'password authentication failed for user "clearance"'), EXIT.unavailable, 'refuses'],
    [
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6432'), { code: 'ECONNREFUSED' }),
      EXIT.tempfail,
      'unavailable',
    ],
    [
      Object.assign(new Error('getaddrinfo ENOTFOUND db.example'), { code: 'ENOTFOUND' }),
      EXIT.unavailable,
      'unknown host',
    ],
    [new Error('Connection terminated due to connection timeout'), EXIT.tempfail, 'unavailable'],
  ])('%s → %i, names the database without secrets', (err, exitCode, says) => {
    const failure = describeCommandFailure(err, targets);
    expect(failure.exitCode).toBe(exitCode);
    expect(failure.line).toContain(`database clearance@db.example:6432/gz ${says}`);
    expect(failure.line).not.toMatch(/s3cret|sslmode|password=x|\n/);
  });

  it('a dual-stack AggregateError without a message reports its first inner error', () => {
    const err = Object.assign(new AggregateError([new Error('connect ECONNREFUSED ::1:5432')], ''), {
      code: 'ECONNREFUSED',
    });
    expect(describeCommandFailure(err, targets).line).toContain(': connect ECONNREFUSED ::1:5432');
  });

  it.each([
    [kafkaError('KafkaJSNumberOfRetriesExceeded', 'Connection error: connect ECONNREFUSED'), EXIT.tempfail],
    [kafkaError('KafkaJSConnectionError', 'Connection timeout'), EXIT.tempfail],
    [
      kafkaError('KafkaJSSASLAuthenticationError', 'SASL SCRAM SHA256 authentication failed'),
      EXIT.unavailable,
    ],
  ])('%s → %i, names the brokers', (err, exitCode) => {
    const failure = describeCommandFailure(err, targets);
    expect(failure.exitCode).toBe(exitCode);
    expect(failure.line).toMatch(/^Kafka brokers k1:9092,k2:9092 /);
  });

  it('usage errors are 64; anything else is 1 with its message', () => {
    expect(describeCommandFailure(new UsageError('bad id'), targets)).toEqual({
      exitCode: 64,
      line: 'bad id',
    });
    expect(describeCommandFailure(new Error('no dead letter 0:1'), targets)).toEqual({
      exitCode: 1,
      line: 'no dead letter 0:1',
    });
  });
});

describe('parseOptions: strict node:util parseArgs', () => {
  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--platform'], "Option '--platform <value>' argument missing"],
    [['extra'], "Unexpected argument 'extra'"],
  ])('%j → UsageError "%s"', (args, message) => {
    expect(() => parseOptions(args, { platform: { type: 'string' } })).toThrow(
      expect.objectContaining({ name: 'UsageError', message: expect.stringContaining(message) }),
    );
  });

  it('returns the values it was given', () => {
    expect(parseOptions(['--platform', 'shop-1'], { platform: { type: 'string' } }).values).toEqual({
      platform: 'shop-1',
    });
  });
});
