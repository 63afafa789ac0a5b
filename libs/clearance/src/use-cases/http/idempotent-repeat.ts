import { problem, sendProblem } from '@gba/runtime';
import type { Response } from 'express';
import type { IdempotentRepeat } from '../idempotent-repeat';

/**
 * Answers a repeated command: a replay repeats the first status and body with
 * `Idempotent-Replayed: true`; a key used with another request is 409 idempotency-key-reused.
 */
export function sendIdempotentRepeat(res: Response, repeat: IdempotentRepeat): void {
  if (repeat.kind === 'replayed') {
    res.setHeader('Idempotent-Replayed', 'true');
    res.status(repeat.statusCode).json(repeat.response);
    return;
  }
  sendProblem(
    res,
    problem(409, 'idempotency-key-reused', 'This Idempotency-Key was used with a different request.'),
  );
}
