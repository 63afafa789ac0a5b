import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { problem, ProblemException } from '@gba/runtime';
import { catchError, type Observable } from 'rxjs';
import { ConflictError, NotFoundError, ValidationError } from '@gba/clearance-domain';

/** A domain error as the problem+json of api.md: 404, 409 or 422 with every failing field. */
export function problemOf(err: unknown): unknown {
  if (err instanceof NotFoundError) return new ProblemException(problem(404, 'not-found', err.message));
  if (err instanceof ConflictError) return new ProblemException(problem(409, err.code, err.message));
  if (err instanceof ValidationError) return ProblemException.validation(err.errors, err.message);
  return err;
}

/** Maps the domain errors a use case throws to HTTP problems; the handlers know nothing of HTTP. */
@Injectable()
export class DomainErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) => {
        throw problemOf(err);
      }),
    );
  }
}
