// Shared rules for every string we accept. Content is never "sanitised": text that looks like SQL or
// HTML is kept verbatim (storage is parameterised, templates escape). Only invisible control
// characters (they corrupt cards, logs and CSV exports) and over-long values are rejected.
import { normalizeText } from '../domain/address.js';
import { CHANNEL_PATTERN } from '../domain/order.js';
import { pointer, type Issue } from '../lib/errors.js';

/** Maximum length in characters (code points) per kind of field. */
export const TEXT_LIMITS = {
  externalId: 64,
  eventId: 128,
  shopId: 64,
  name: 100,
  addressPart: 100,
  detail: 300,
  remark: 1000,
  text: 1000,
  sku: 64,
  itemName: 200,
  warehouse: 64,
  carrier: 64,
  trackingNo: 64,
  refundId: 64,
  description: 500,
  reason: 500,
} as const;
export type TextKind = keyof typeof TEXT_LIMITS;

/** Free text where people legitimately type line breaks; kept verbatim (not even trimmed). */
const MULTILINE: ReadonlySet<TextKind> = new Set(['remark', 'text', 'description', 'reason']);
/** Human-facing single-line text: whitespace is normalised (full-width → half-width, runs → one space). */
const DISPLAY: ReadonlySet<TextKind> = new Set(['name', 'addressPart', 'detail', 'itemName']);

// C0 (NUL included), DEL, C1, U+2028/2029, and lone surrogates. The multi-line variant spares \t \n \r.
const SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const CONTROL = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]|${SURROGATE}`);
const CONTROL_MULTILINE = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u2028\\u2029]|${SURROGATE}`,
);
const CONTROL_GLOBAL = new RegExp(CONTROL.source, 'g');

function codePointLength(s: string): number {
  let pairs = 0;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return s.length - pairs;
}

/** Why `s` is too long for this kind of text, or null when it fits. */
export function lengthProblem(s: string, kind: TextKind): string | null {
  const max = TEXT_LIMITS[kind];
  // s.length counts UTF-16 units, an upper bound on code points: the exact count is rarely needed.
  const length = s.length > max ? codePointLength(s) : s.length;
  return length > max
    ? `过长：最多 ${max} 个字符，实际 ${length} / too long: max ${max} characters, got ${length}`
    : null;
}

/** Which control character `s` contains (and where), or null. Tab and newlines only in free text. */
export function controlProblem(s: string, kind: TextKind): string | null {
  const bad = (MULTILINE.has(kind) ? CONTROL_MULTILINE : CONTROL).exec(s);
  if (!bad) return null;
  const code = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  const at = codePointLength(s.slice(0, bad.index)) + 1;
  return `包含不可见控制字符 ${code}（第 ${at} 个字符） / contains control character ${code} at position ${at}`;
}

/** Why `s` is not acceptable as this kind of text, or null when it is. */
export function textProblem(s: string, kind: TextKind): string | null {
  return controlProblem(s, kind) ?? lengthProblem(s, kind);
}

export interface TextOptions {
  required?: boolean;
}

const MSG = {
  required: '必填 / required',
  empty: '不能为空 / must not be empty',
  type: '必须是字符串 / must be a string',
} as const;

/**
 * Reads `obj[key]` as text of `kind`, pushing any problem onto `issues` at `path/key`.
 * Identifiers may arrive as JSON integers (JD, Shopify ids) and are read as their decimal text.
 * Returns the cleaned value; null when absent/empty and optional, or when invalid (issue pushed).
 */
export function readText(
  obj: Record<string, unknown>,
  key: string,
  kind: TextKind,
  path: string,
  issues: Issue[],
  opts: TextOptions = {},
): string | null {
  const v = obj[key];
  const at = pointer(path, key);
  if (v === undefined || v === null) {
    if (opts.required) issues.push({ path: at, message: MSG.required });
    return null;
  }
  const isIdNumber =
    typeof v === 'number' && Number.isSafeInteger(v) && !MULTILINE.has(kind) && !DISPLAY.has(kind);
  if (typeof v !== 'string' && !isIdNumber) {
    issues.push({ path: at, message: MSG.type });
    return null;
  }
  // Controls are checked before cleaning, which would otherwise fold a stray \n into a space.
  const control = controlProblem(String(v), kind);
  const s = control ? '' : cleanText(String(v), kind);
  const problem = control ?? lengthProblem(s, kind);
  if (problem) {
    issues.push({ path: at, message: problem });
    return null;
  }
  if (s === '' || (MULTILINE.has(kind) && s.trim() === '')) {
    if (opts.required) issues.push({ path: at, message: MSG.empty });
    return MULTILINE.has(kind) ? s : null;
  }
  return s;
}

function cleanText(s: string, kind: TextKind): string {
  if (MULTILINE.has(kind)) return s;
  return DISPLAY.has(kind) ? normalizeText(s) : s.trim();
}

/** A short, safe rendering of a rejected value for messages: truncated, controls replaced. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') {
    const cut = v.length > 40 ? `${v.slice(0, 40)}…` : v;
    return `"${cut.replace(CONTROL_GLOBAL, '?')}"`;
  }
  if (Array.isArray(v)) return 'array';
  return v === null ? 'null' : typeof v === 'object' ? 'object' : String(v);
}

/** Reads a value that must be one of `allowed`; the message lists the choices so senders can fix it. */
export function readEnum<T extends string>(
  obj: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
  label: { zh: string; en: string },
  path: string,
  issues: Issue[],
): T | null {
  const v = obj[key];
  const at = pointer(path, key);
  if (v === undefined || v === null) {
    issues.push({ path: at, message: MSG.required });
    return null;
  }
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  const message = `不支持的${label.zh} ${describeValue(v)}，可选: ${allowed.join(', ')} / unknown ${label.en}`;
  issues.push({ path: at, message });
  return null;
}

/** Channels are lower-case slugs (CONTRACT §3); part of the order's identity, so never rewritten. */
export function readChannel(obj: Record<string, unknown>, path: string, issues: Issue[]): string | null {
  const v = obj.channel;
  const at = pointer(path, 'channel');
  if (v === undefined || v === null) {
    issues.push({ path: at, message: MSG.required });
    return null;
  }
  if (typeof v === 'string' && CHANNEL_PATTERN.test(v)) return v;
  const got = describeValue(v);
  const message = `渠道须为 1–32 位小写字母、数字、_ 或 -（如 taobao），收到 ${got} / channel must match [a-z0-9_-]{1,32}, got ${got}`;
  issues.push({ path: at, message });
  return null;
}
