import { Injectable, type PipeTransform } from '@nestjs/common';
import { problem, ProblemException } from './problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A resource id in the path: a UUID, in the lower case the service stores it in (an id in another
 * case is the same id). Anything else names no resource: 404.
 */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value))
      throw new ProblemException(
        problem(404, 'not-found', `No resource has the id "${value.slice(0, 64)}".`),
      );
    return value.toLowerCase();
  }
}
