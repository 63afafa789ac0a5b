/** Something the request names does not exist here (or is not the caller's). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** The request conflicts with the current state (a task already done, the wrong side of an e-lock). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** One field of a request that breaks a rule: a JSON pointer, a code and a readable detail. */
export interface InvalidField {
  pointer: string;
  code: string;
  detail: string;
}

/** The request breaks the data standard or a rule of the use case; every failing field listed. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    readonly errors: InvalidField[],
    message = 'The request body is not valid.',
  ) {
    super(message);
  }
}
