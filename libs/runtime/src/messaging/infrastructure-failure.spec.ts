import { isInfrastructureFailure } from './infrastructure-failure';

describe('infrastructure failures are told from bad events', () => {
  it.each([
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), true],
    [{ message: 'q failed', driverError: { code: '57P01' } }, true],
    [{ message: 'q failed', code: '08006' }, true],
    [new Error('Connection terminated unexpectedly'), true],
    [{ message: 'duplicate key value', code: '23505' }, false],
    [new Error('declaration fails the data standard: HS_CODE_INVALID'), false],
    [null, false],
  ])('%p → %p', (err, transient) => {
    expect(isInfrastructureFailure(err)).toBe(transient);
  });
});
