import { statementsBetween, type StatementReading } from './statements';

describe('statementsBetween', () => {
  it('divides the growth of every service counter by declarations × participants', () => {
    const before: StatementReading = {
      source: 'metrics',
      services: {
        GZ: { total: 100, byLabels: { '{unit="http"}': 60, '{unit="kafka"}': 40 } },
        HK: { total: 50, byLabels: { '{unit="kafka"}': 50 } },
      },
    };
    const after: StatementReading = {
      source: 'metrics',
      services: {
        GZ: { total: 1300, byLabels: { '{unit="http"}': 860, '{unit="kafka"}': 440 } },
        HK: { total: 850, byLabels: { '{unit="kafka"}': 800, '{unit="outbox"}': 50 } },
      },
    };
    // 200 declarations of 2 participants each: 2,000 statements / 400
    expect(statementsBetween(before, after, 400)).toEqual({
      source: 'metrics',
      statements: 2000,
      byService: {
        GZ: { '{unit="http"}': 800, '{unit="kafka"}': 400 },
        HK: { '{unit="kafka"}': 750, '{unit="outbox"}': 50 },
      },
      declarationParticipants: 400,
      perDeclarationPerParticipant: 5,
    });
  });

  it('uses pg_stat_statements calls when both readings come from it', () => {
    const r = statementsBetween(
      { source: 'pg_stat_statements', total: 1000 },
      { source: 'pg_stat_statements', total: 6000 },
      200,
    );
    expect(r).toMatchObject({
      source: 'pg_stat_statements',
      statements: 5000,
      perDeclarationPerParticipant: 25,
    });
  });

  it('is n/a, with the reason, when there is nothing to read or the sources differ', () => {
    const none: StatementReading = { source: 'n/a', why: 'no db_statements_total on /metrics of GZ, HK, MO' };
    expect(statementsBetween(none, none, 10)).toMatchObject({
      source: 'n/a',
      statements: null,
      perDeclarationPerParticipant: null,
      why: 'no db_statements_total on /metrics of GZ, HK, MO',
    });
    expect(
      statementsBetween({ source: 'pg_stat_statements', total: 1 }, { source: 'metrics', services: {} }, 10),
    ).toMatchObject({ source: 'n/a', why: 'the readings before and after came from different sources' });
  });
});
