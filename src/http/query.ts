// Query-string checks shared by the list routes: one wording for every bad `limit` or enum value.
import { BadRequestError } from '../lib/errors.js';

/** `limit`: an integer from 1 to `max`, `fallback` when absent. */
export function parseLimit(v: string | undefined, max = 10_000, fallback = 100): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new BadRequestError(
      'invalid_query',
      `limit 必须是 1 到 ${max} 的整数 / limit must be an integer from 1 to ${max}`,
    );
  }
  return n;
}

/** One of `allowed`, or undefined when absent. */
export function oneOf<T extends string>(
  name: string,
  v: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (v === undefined) return undefined;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new BadRequestError(
    'invalid_query',
    `${name} 只能是 ${allowed.join(' | ')} / ${name} must be one of ${allowed.join(', ')}`,
  );
}
