// Typed errors; the HTTP error handler maps each to a status (fastify/demo style).

/** One problem with one input value, located by a JSON pointer (RFC 6901) into the request body. */
export interface Issue {
  path: string;
  message: string;
}

/** The whole request is unusable (malformed JSON, wrong envelope): 400. */
export class BadRequestError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Too many items or too many bytes: 413. */
export class PayloadTooLargeError extends Error {}

/** Missing or wrong credentials: 401. The message never contains the credential. */
export class UnauthorizedError extends Error {}

/** A looked-up thing does not exist: 404. */
export class NotFoundError extends Error {}

/** Appends a reference token to a JSON pointer, escaping `~` and `/` per RFC 6901. */
export function pointer(base: string, token: string | number): string {
  const t = String(token);
  // Called for every field of every item: skip the escaping when there is nothing to escape.
  if (!t.includes('~') && !t.includes('/')) return `${base}/${t}`;
  return `${base}/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
