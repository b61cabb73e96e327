// zod issues → plain {path, message}: one issue per unknown key, generic type messages in plain words,
// and no value echoed from a secret key.
import type * as z from 'zod';
import { isSecretName } from './secrets.js';

export type Path = readonly (string | number)[];

export interface PathIssue {
  path: Path;
  message: string;
  /** Point at the key itself (unknown or badly named keys) rather than its value. */
  at?: 'key' | 'value';
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  map: 'a mapping',
};

/** `people[1].roles[0]`, `rules.stuck_unpicked.after`. */
export function formatPath(path: Path): string {
  return path
    .map((seg, i) => {
      if (typeof seg === 'number') return `[${seg}]`;
      const plain = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg) ? seg : JSON.stringify(seg);
      return i === 0 ? plain : `.${plain}`;
    })
    .join('');
}

/** Values under secret keys (and phone numbers) are described by type only. */
function isPrivate(path: Path): boolean {
  const last = [...path].reverse().find((seg) => typeof seg === 'string');
  return last !== undefined && (isSecretName(last) || last === 'mobile');
}

export function describe(input: unknown, path: Path): string {
  if (input === null || input === undefined) return 'nothing';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  const kind =
    typeof input === 'string' ? 'text' : typeof input === 'number' ? 'the number' : String(typeof input);
  if (isPrivate(path)) return kind === 'the number' ? 'a number' : kind;
  return typeof input === 'boolean' ? String(input) : `${kind} ${JSON.stringify(input).slice(0, 60)}`;
}

function fromOne(issue: z.core.$ZodIssue): PathIssue[] {
  const path = issue.path.map((seg) => (typeof seg === 'number' ? seg : String(seg)));
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return [{ path, message: 'is required' }];
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      return [{ path, message: `must be ${expected}, got ${describe(issue.input, path)}` }];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: issue.message, at: 'key' as const }));
    case 'invalid_key':
      return [{ path, message: issue.issues.map((i) => i.message).join('; '), at: 'key' }];
    default:
      return [{ path, message: issue.message }];
  }
}

export function fromZod(issues: readonly z.core.$ZodIssue[]): PathIssue[] {
  return issues.flatMap(fromOne);
}
