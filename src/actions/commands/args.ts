// The arguments after the command word, read left to right from a cursor: a target token, a duration (either
// order for snooze: "静默 TB1 2小时" and "静默2小时 TB1" both work), then the free-text reason of reject.
// Something left over after the last argument fails rather than being dropped: "放行 TB1 TB2" must not
// quietly release only TB1.
import type { ArgSpec, CommandSpec, CommandTarget, ParseFailure, ParseResult } from '../types.js';
import { readDuration } from './duration.js';
import type { CommandText } from './normalize.js';
import { parseTarget, TARGET_TOKEN } from './target.js';

export const MAX_REASON_CHARS = 200;
/** How much of a bad value a failure keeps; explain() cuts it further. */
const MAX_VALUE_CHARS = 64;
const SPACE = /\s/;
const ID_CHAR = /[A-Za-z0-9_]/;
// "驳回 TB1：买家已签收": the separator is not part of the reason.
const REASON_LEAD = /^[\s:,;.、，：；。-]+/;

interface Cursor {
  text: CommandText;
  at: number;
}

function skipSpaces(c: Cursor): void {
  while (c.at < c.text.folded.length && SPACE.test(c.text.folded.charAt(c.at))) c.at++;
}

/** The next whitespace-delimited chunk, for a failure to show. */
function nextChunk(c: Cursor): string {
  let end = c.at;
  while (end < c.text.folded.length && !SPACE.test(c.text.folded.charAt(end))) end++;
  return c.text.typed.slice(c.at, Math.min(end, c.at + MAX_VALUE_CHARS));
}

function bad(spec: CommandSpec, arg: ArgSpec['name'], value: string): ParseFailure {
  return { ok: false, error: 'bad_arg', command: spec.id, arg, value: value.slice(0, MAX_VALUE_CHARS) };
}

/** A duration here, ending where a word may end (an ASCII unit must not run into an id: "1d2hx"). */
function takeDuration(c: Cursor): { ms: number | null } | null {
  const read = readDuration(c.text.folded.slice(c.at, c.at + MAX_VALUE_CHARS));
  if (read === null) return null;
  const end = c.at + read.length;
  const last = c.text.folded.charAt(end - 1);
  const next = c.text.folded.charAt(end);
  if (next !== '' && ID_CHAR.test(next) && ID_CHAR.test(last)) return null;
  c.at = end;
  return { ms: read.ms };
}

function takeTarget(c: Cursor): string | null {
  TARGET_TOKEN.lastIndex = c.at;
  let token = TARGET_TOKEN.exec(c.text.folded)?.[0] ?? '';
  // "驳回 TB1：原因": a trailing colon (folded from ：) separates, it is not part of a channel:id.
  while (token.endsWith(':')) token = token.slice(0, -1);
  if (token === '') return null;
  c.at += token.length;
  return token;
}

interface Found {
  target: CommandTarget | null;
  durationMs: number | null;
}

/** Target and duration in either order; the first failure wins. */
function readPositional(spec: CommandSpec, c: Cursor, found: Found): ParseFailure | null {
  const pending = spec.args.filter((a) => a.type !== 'text').map((a) => a.name);
  while (pending.length > 0) {
    skipSpaces(c);
    const first = pending[0] as ArgSpec['name'];
    if (c.at >= c.text.folded.length)
      return { ok: false, error: 'missing_arg', command: spec.id, arg: first };
    const chunk = nextChunk(c);
    const duration = pending.includes('duration') ? takeDuration(c) : null;
    if (duration !== null) {
      if (duration.ms === null) return bad(spec, 'duration', chunk);
      found.durationMs = duration.ms;
      pending.splice(pending.indexOf('duration'), 1);
      continue;
    }
    if (!pending.includes('target')) return bad(spec, 'duration', chunk);
    const token = takeTarget(c);
    const target = token === null ? null : parseTarget(token);
    if (target === null) return bad(spec, 'target', token ?? chunk);
    found.target = target;
    pending.splice(pending.indexOf('target'), 1);
  }
  return null;
}

function readReason(spec: CommandSpec, c: Cursor): string | ParseFailure {
  const reason = c.text.typed.slice(c.at).replace(REASON_LEAD, '').trim();
  if (reason === '') return { ok: false, error: 'missing_arg', command: spec.id, arg: 'reason' };
  if ([...reason].length > MAX_REASON_CHARS) return bad(spec, 'reason', reason);
  return reason;
}

/** The arguments of `spec` in `text` from index `at` (just after the command word). */
export function readArgs(spec: CommandSpec, text: CommandText, at: number): ParseResult {
  const c: Cursor = { text, at };
  const found: Found = { target: null, durationMs: null };
  const failure = readPositional(spec, c, found);
  if (failure !== null) return failure;
  let reason: string | null = null;
  if (spec.args.some((a) => a.type === 'text')) {
    const read = readReason(spec, c);
    if (typeof read !== 'string') return read;
    reason = read;
  } else if (spec.args.length > 0) {
    skipSpaces(c);
    const last = spec.args[spec.args.length - 1] as ArgSpec;
    if (c.at < text.folded.length) return bad(spec, last.name, nextChunk(c));
  }
  return { ok: true, command: { command: spec.id, ...found, reason } };
}
