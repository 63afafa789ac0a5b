/**
 * Failures that say the database is unreachable or shutting down, not that the event is bad:
 * such an event is never dead-lettered; consumption pauses and resumes from the committed offset.
 */
export function isInfrastructureFailure(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; driverError?: { code?: unknown } } | null;
  const code = String(e?.code ?? e?.driverError?.code ?? '');
  const message = String(e?.message ?? '');
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'ENOTFOUND',
      '57P01',
      '57P02',
      '57P03',
      '53300',
    ].includes(code) ||
    code.startsWith('08') ||
    /Connection terminated|connection timeout|Connection is not established|terminating connection/i.test(
      message,
    )
  );
}
