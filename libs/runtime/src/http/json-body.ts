import type { IncomingMessage } from 'node:http';
import express from 'express';
import { visit } from 'jsonc-parser';
import { escapePointer, jsonPointer } from './json-pointer';
import { type FieldError, problem, ProblemException } from './problem';
import { toProblem } from './problem.filter';
import { MAX_JSON_DEPTH, normaliseText, tooDeep, unsafeText } from './text-safety';

const MAX_ERRORS = 50;

/**
 * Every member name that occurs twice in one object of this JSON text (compared after Unicode
 * NFC normalisation, as the body is stored normalised), with the JSON pointer of the member: RFC
 * 8259 § 4 leaves such a body's meaning to the parser (JSON.parse keeps the last value), I-JSON
 * (RFC 7493 § 2.3) forbids it. At most 50. A text nested deeper than MAX_JSON_DEPTH gives one
 * NESTING_TOO_DEEP error at '' instead: a repeated member can hide deep nesting from JSON.parse's
 * result (`{"a":[[[…]]],"a":1}`), and jsonc-parser's visitor recurses once per level.
 */
export function duplicateMembers(text: string): FieldError[] {
  const errors: FieldError[] = [];
  const names: Set<string>[] = [];
  let depth = 0;
  let deepest = 0;
  const enter = () => {
    depth++;
    if (depth > deepest) deepest = depth;
    // Past the limit nothing more is looked at (the visitor still reads to the end).
    return depth <= MAX_JSON_DEPTH;
  };
  const tooDeep: FieldError[] = [
    {
      pointer: '',
      code: 'NESTING_TOO_DEEP',
      detail: `JSON nested deeper than ${MAX_JSON_DEPTH} levels.`,
    },
  ];
  try {
    visit(text, {
      onArrayBegin: enter,
      onArrayEnd: () => {
        depth--;
      },
      onObjectBegin: () => {
        names.push(new Set());
        return enter();
      },
      onObjectEnd: () => {
        names.pop();
        depth--;
      },
      onObjectProperty: (name, _offset, _length, _line, _character, pathSupplier) => {
        const seen = names[names.length - 1];
        const normalised = name.normalize('NFC');
        if (!seen || !seen.has(normalised)) {
          seen?.add(normalised);
          return;
        }
        if (errors.length < MAX_ERRORS) {
          errors.push({
            pointer: jsonPointer([...pathSupplier(), name]),
            code: 'DUPLICATE_MEMBER_NAME',
            detail: `The member name ${JSON.stringify(name)} occurs more than once in this object.`,
          });
        }
      },
    });
  } catch (err) {
    // The visitor's recursion ran out of stack: nesting far past the limit.
    if (err instanceof RangeError) return tooDeep;
    throw err;
  }
  return deepest > MAX_JSON_DEPTH ? tooDeep : errors;
}

/**
 * The members of a JSON object body other than `known`, each refused at its JSON pointer (RFC
 * 6901) under `at`: `FIELD_SERVER_OWNED` for a field the server sets itself (a sender cannot choose
 * it), `FIELD_UNKNOWN` for the rest (a misspelt field must not vanish silently). None for a body
 * that is no object (its own error). The one check of every body's members (BodyReader.close in
 * libs/clearance, the console's sign-in, the batch envelope).
 */
export function closedMembers(
  body: unknown,
  known: readonly string[],
  serverOwned: readonly string[] = [],
  at = '',
): FieldError[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  return Object.keys(body)
    .filter((key) => !known.includes(key))
    .map((key) =>
      serverOwned.includes(key)
        ? {
            pointer: `${at}/${escapePointer(key)}`,
            code: 'FIELD_SERVER_OWNED',
            detail: `"${key}" is set by the server, not by the sender.`,
          }
        : {
            pointer: `${at}/${escapePointer(key)}`,
            code: 'FIELD_UNKNOWN',
            detail: `"${key}" is not a field of this body.`,
          },
    );
}

/** The raw bytes of each request body, kept by the parser's verify hook until it is checked. */
const rawBodies = new WeakMap<IncomingMessage, { bytes: Buffer; charset: string | undefined }>();

/** What is wrong with a parsed body, as the problem to answer, or undefined when nothing is. */
function bodyProblem(req: IncomingMessage, body: unknown): ProblemException | undefined {
  const raw = rawBodies.get(req);
  rawBodies.delete(req);
  if (!raw) return undefined;
  const textErrors = unsafeText(body);
  if (tooDeep(textErrors)) return ProblemException.validation(textErrors, 'The body is nested too deeply.');
  if (raw.charset !== undefined && raw.charset !== 'utf-8' && raw.charset !== 'utf8') {
    return new ProblemException(
      problem(
        415,
        'unsupported-media-type',
        'Send the body as UTF-8 JSON (RFC 8259 § 8.1, I-JSON RFC 7493 § 2.1).',
      ),
    );
  }
  // JSON.parse took the text after body-parser removed a byte order mark: so does this.
  const text = raw.bytes.toString('utf8').replace(/^\ufeff/, '');
  const duplicates = duplicateMembers(text);
  if (tooDeep(duplicates)) return ProblemException.validation(duplicates, 'The body is nested too deeply.');
  if (duplicates.length > 0) {
    return new ProblemException(
      problem(
        400,
        'duplicate-member-name',
        'A member name occurs twice in one object: its meaning would depend on the parser (I-JSON, RFC 7493 § 2.3).',
        { errors: duplicates },
      ),
    );
  }
  if (textErrors.length > 0)
    return ProblemException.validation(textErrors, 'The body holds text that cannot be taken.');
  return undefined;
}

/** The media types read as JSON: application/json and every structured `+json` type (RFC 6839 § 3.1). */
const JSON_TYPES = ['application/json', '+json'];

/** Whether the request carries a body (RFC 9112 § 6.3: Transfer-Encoding, or a Content-Length above 0). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * JSON body parser (express.json, `limit` bytes) whose failures reach the filter as problem
 * details: malformed JSON 400, too large 413, another charset 415; duplicate member names
 * anywhere 400 with their pointers; nesting past MAX_JSON_DEPTH and text `unsafeText` refuses 422
 * with the pointer of every failing field. A body that passes has its text in NFC.
 *
 * A body of any other media type (text/plain, form data, none named) is 415 `unsupported-media-type`
 * before any route reads it, unless `passes(req)` lets it through to a route that reads that type
 * itself (multipart/form-data on the document upload).
 */
export function jsonBody(
  limit: string,
  passes: (req: express.Request) => boolean = () => false,
): express.RequestHandler {
  const parse = express.json({
    limit,
    type: JSON_TYPES,
    verify: (req, _res, bytes, charset) => {
      rawBodies.set(req, { bytes, charset: charset?.toLowerCase() });
    },
  });
  return (req, res, next) => {
    if (hasBody(req) && !req.is(JSON_TYPES) && !passes(req)) {
      return next(
        new ProblemException(
          problem(
            415,
            'unsupported-media-type',
            'Send the body as application/json in UTF-8 (RFC 8259); this endpoint reads no other media type.',
          ),
        ),
      );
    }
    parse(req, res, (err?: unknown) => {
      if (err) {
        rawBodies.delete(req);
        return next(new ProblemException(toProblem(err)));
      }
      // Nothing may throw out of this callback: it runs outside Express's own error handling.
      try {
        const refused = bodyProblem(req, req.body);
        if (refused) return next(refused);
        if (req.body !== undefined) req.body = normaliseText(req.body);
      } catch (failure) {
        return next(failure);
      }
      next();
    });
  };
}
