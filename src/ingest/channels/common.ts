// Shared pieces of the channel mappers: reading loosely typed platform JSON into the contract's
// plain-JSON Order (yuan strings, ISO-8601 times with offset) and collecting per-order issues whose
// paths point into the native body.

import { BadRequestError, PayloadTooLargeError, pointer, type Issue } from '../../lib/errors.js';
import { MAX_CHANNEL_BATCH, type ChannelMapResult, type ChannelOrderJson, type MappedItem } from './types.js';

export type Json = Record<string, unknown>;
export type Token = string | number;

/** The JSON pointer of a path from the body root: `ptr('a', 0)` → `/a/0`. */
export function ptr(...tokens: Token[]): string {
  return tokens.reduce<string>((p, t) => pointer(p, t), '');
}

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A parse outcome: `value` undefined means "absent" (null, "", and platform zero values). */
export type Parsed<T> = { ok: true; value: T | undefined } | { ok: false; message: string };

const absent = <T>(): Parsed<T> => ({ ok: true, value: undefined });
const bad = <T>(message: string): Parsed<T> => ({ ok: false, message });
const good = <T>(value: T): Parsed<T> => ({ ok: true, value });

/** A trimmed non-empty string; finite numbers become their decimal text; anything else is absent. */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const s = v.trim();
    return s === '' ? undefined : s;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * Platform ciphertext (Taobao/JD/PDD/Douyin encrypt receiver data for apps without plaintext rights).
 * Heuristic, not from one documented format: a value wrapped in the same marker character (`#`, `$`,
 * `~`) is taken as ciphertext, as is anything with no letter, digit or CJK character at all.
 */
export function looksEncrypted(s: string): boolean {
  const first = s[0];
  if (s.length >= 6 && (first === '#' || first === '$' || first === '~') && s.endsWith(first)) return true;
  return !/[\p{L}\p{N}]/u.test(s);
}

/** Text that is not platform ciphertext (masked values such as `张**` are kept: they are display-only). */
export function plainText(v: unknown): string | undefined {
  const s = text(v);
  return s === undefined || looksEncrypted(s) ? undefined : s;
}

/**
 * A phone number usable for matching: digits with optional `+`, spaces, dashes or parentheses.
 * Masked (`138****8000`) and encrypted values are dropped: a masked phone would make unrelated buyers
 * look like one person to the phone-velocity and duplicate rules.
 */
export function plainPhone(v: unknown): string | undefined {
  const s = text(v);
  if (s === undefined) return undefined;
  if (!/^\+?[\d\s()-]+$/.test(s)) return undefined;
  const digits = s.replace(/\D/g, '').length;
  return digits >= 5 && digits <= 20 ? s : undefined;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Formats an instant as `yyyy-MM-ddTHH:mm:ss+08:00` (Asia/Shanghai has had no DST since 1991). */
export function shanghaiIso(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}` +
    `T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}+08:00`
  );
}

const CN_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
/** 2000-01-01T00:00:00Z; unix values below it are taken as "unset" sentinels, not real times. */
const MIN_EPOCH_SECONDS = 946_684_800;

/**
 * A platform time as ISO-8601 with offset. Accepts `yyyy-MM-dd HH:mm:ss` (Asia/Shanghai wall time, as
 * TOP, JOS and PDD document), unix seconds (number or digit string; 13-digit values are taken as
 * milliseconds), or an ISO string that already carries an offset. `0`, `""` and dates before 1971
 * (e.g. `0001-01-01 00:00:00` placeholders) count as absent.
 */
export function cnTime(v: unknown): Parsed<string> {
  if (v === undefined || v === null || v === '' || v === 0 || v === '0') return absent();
  if (typeof v === 'number' || (typeof v === 'string' && /^\d{9,13}$/.test(v.trim()))) {
    const n = typeof v === 'number' ? v : Number(v.trim());
    if (!Number.isInteger(n) || n < 0) return bad('must be unix seconds (a whole number)');
    const seconds = n >= 1e12 ? n / 1000 : n;
    if (seconds < MIN_EPOCH_SECONDS) return absent();
    return good(shanghaiIso(seconds * 1000));
  }
  if (typeof v !== 'string')
    return bad('must be a time: "yyyy-MM-dd HH:mm:ss" (Asia/Shanghai) or unix seconds');
  const s = v.trim();
  const m = CN_LOCAL.exec(s);
  if (m) {
    const [y, mo, d, h, mi, se] = m.slice(1).map((x) => Number(x ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (y < 1971) return absent();
    const t = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
    if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) {
      return bad(`is not a valid date-time: "${s}"`);
    }
    return good(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}+08:00`);
  }
  if (ISO_WITH_OFFSET.test(s) && !Number.isNaN(Date.parse(s))) return good(s);
  return bad(`must be a time: "yyyy-MM-dd HH:mm:ss" (Asia/Shanghai) or unix seconds, got "${s}"`);
}

/** An ISO-8601 time that carries its own offset (Shopify); null and "" count as absent. */
export function isoTime(v: unknown): Parsed<string> {
  if (v === undefined || v === null || v === '') return absent();
  if (typeof v === 'string' && ISO_WITH_OFFSET.test(v.trim()) && !Number.isNaN(Date.parse(v.trim()))) {
    return good(v.trim());
  }
  return bad('must be an ISO-8601 time with offset, e.g. "2026-11-22T08:00:00+08:00"');
}

function formatFen(fen: bigint): string {
  const whole = fen / 100n;
  const cents = fen % 100n;
  return `${whole}.${cents.toString().padStart(2, '0')}`;
}

/** A non-negative yuan amount (string or number, at most 2 decimals) as a `"399.00"` string. */
export function yuan(v: unknown): Parsed<string> {
  if (v === undefined || v === null || v === '') return absent();
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return bad('must be a non-negative amount in yuan');
    const cents = Math.round(v * 100);
    if (Math.abs(v * 100 - cents) > 1e-6 * Math.max(1, Math.abs(cents))) {
      return bad('must be an amount in yuan with at most 2 decimals');
    }
    if (!Number.isSafeInteger(cents)) return bad('is too large');
    return good(formatFen(BigInt(cents)));
  }
  if (typeof v !== 'string') return bad('must be an amount in yuan');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(v.trim());
  if (!m) return bad(`must be a non-negative amount in yuan with at most 2 decimals, got "${v}"`);
  return good(`${BigInt(m[1] ?? '0')}.${(m[2] ?? '').padEnd(2, '0')}`);
}

/** An integer amount in fen (分, as Douyin sends money) as a yuan string: 39900 → `"399.00"`. */
export function fenToYuan(v: unknown): Parsed<string> {
  if (v === undefined || v === null || v === '') return absent();
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v < 0) return bad('must be a non-negative whole number of fen (分)');
    return good(formatFen(BigInt(v)));
  }
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return good(formatFen(BigInt(v.trim())));
  return bad('must be a non-negative whole number of fen (分)');
}

/** A positive whole quantity (number or digit string). */
export function quantity(v: unknown): Parsed<number> {
  if (v === undefined || v === null || v === '') return absent();
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
    return bad('must be a positive whole number');
  return good(n);
}

/**
 * An identifier as an exact string. Numbers are accepted only while they are exact integers: JSON
 * numbers beyond 2^53 (19-digit Taobao tids, Shopify test ids) have already lost digits when parsed.
 */
export function idString(v: unknown): Parsed<string> {
  if (typeof v === 'string') return v.trim() === '' ? absent() : good(v.trim());
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) return bad('must be an identifier');
    if (!Number.isSafeInteger(v)) {
      return bad('is a JSON number beyond 2^53 and has lost precision; send it as a string');
    }
    return good(String(v));
  }
  if (v === undefined || v === null) return absent();
  return bad('must be an identifier (string)');
}

/** Reads a code that platforms send as a number or a numeric string (status enums). */
export function code(v: unknown): number | string | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim();
  return undefined;
}

/**
 * The contract's address. Chinese platforms leave a level empty in two documented cases: a city-level
 * county (河南济源: TOP puts it in receiver_district and leaves the city empty — "该参数作为城市") and a
 * city without districts (广东东莞、中山). So the city falls back to the district, which then stays "";
 * an absent district is "" too, as the common validator expects (it hashes province|city|district|detail
 * to match the same address across channels, so no level is invented). Without a province, a city or a
 * detail there is no usable address: it is left out (it is optional).
 */
export function buildAddress(parts: {
  province?: string;
  city?: string;
  district?: string;
  detail?: string;
}): ChannelOrderJson['address'] {
  const { province, detail } = parts;
  const city = parts.city ?? parts.district;
  const district = parts.city === undefined ? '' : (parts.district ?? '');
  if (province === undefined || city === undefined || detail === undefined) return undefined;
  return { province, city, district, detail };
}

/** One free-text remark: the buyer's message, then the merchant's own note marked as such. */
export function joinRemarks(buyer: string | undefined, merchant: string | undefined): string | undefined {
  const parts = [buyer, merchant === undefined ? undefined : `商家备注：${merchant}`].filter(
    (p): p is string => p !== undefined,
  );
  return parts.length === 0 ? undefined : parts.join('\n');
}

/** Collects the issues of one native order; paths are pointers from the order's own path. */
export class OrderReader {
  readonly issues: Issue[] = [];
  constructor(readonly base: string) {}

  path(...tokens: Token[]): string {
    return this.base + ptr(...tokens);
  }

  fail(tokens: Token[], message: string): void {
    this.issues.push({ path: this.path(...tokens), message });
  }

  /** The value, or an issue when it is invalid or absent. */
  required<T>(parsed: Parsed<T>, tokens: Token[]): T | undefined {
    if (!parsed.ok) this.fail(tokens, parsed.message);
    else if (parsed.value === undefined) this.fail(tokens, 'is required');
    return parsed.ok ? parsed.value : undefined;
  }

  /** The value when present; an issue only when it is present but invalid. */
  optional<T>(parsed: Parsed<T>, tokens: Token[]): T | undefined {
    if (!parsed.ok) this.fail(tokens, parsed.message);
    return parsed.ok ? parsed.value : undefined;
  }

  /** The mapped order, or this order's issues. Call after every field has been read. */
  result(order: () => ChannelOrderJson): MappedItem {
    if (this.issues.length > 0) return { ok: false, issues: this.issues };
    return { ok: true, order: compact(order()) };
  }
}

/** Drops undefined properties (top level and `buyer`) so the JSON carries only what was sent. */
function compact(order: ChannelOrderJson): ChannelOrderJson {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(order)) if (v !== undefined) out[k] = v;
  if (order.buyer) {
    const buyer: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(order.buyer)) if (v !== undefined) buyer[k] = v;
    if (Object.keys(buyer).length === 0) delete out.buyer;
    else out.buyer = buyer;
  }
  return out as unknown as ChannelOrderJson;
}

/** A native list of orders and where it sits in the body. */
export interface Located {
  list: unknown[];
  /** Pointer of the list itself, or of the single order when `single`. */
  path: string;
  single: boolean;
}

export const one = (value: unknown, path: string): Located => ({ list: [value], path, single: true });
export const many = (list: unknown[], path: string): Located => ({ list, path, single: false });

/**
 * Maps every order of a located list. Rejects the whole body only for envelope-level faults: no
 * orders at all, or more than MAX_CHANNEL_BATCH.
 */
export function mapLocated(
  platform: string,
  located: Located | undefined,
  mapOne: (order: Json, reader: OrderReader) => MappedItem,
): ChannelMapResult {
  if (located === undefined) {
    throw new BadRequestError('invalid_channel_payload', `body is not a ${platform} order payload`);
  }
  const { list, path, single } = located;
  if (list.length === 0) {
    throw new BadRequestError('invalid_channel_payload', `${platform} payload holds no orders`);
  }
  if (list.length > MAX_CHANNEL_BATCH) {
    throw new PayloadTooLargeError(
      `${list.length} orders in one request; at most ${MAX_CHANNEL_BATCH} are accepted`,
    );
  }
  const basePath = (i: number): string => (single ? path : pointer(path, i));
  const items = list.map((order, i): MappedItem => {
    const reader = new OrderReader(basePath(i));
    if (!isRecord(order))
      return { ok: false, issues: [{ path: basePath(i), message: 'must be an object (one order)' }] };
    return mapOne(order, reader);
  });
  return { items, basePath };
}

/** `obj[key]` when it is an array, else undefined. */
export function arrayAt(obj: Json, key: string): unknown[] | undefined {
  const v = obj[key];
  return Array.isArray(v) ? v : undefined;
}

/** `obj[key]` when it is an object, else undefined. */
export function recordAt(obj: Json, key: string): Json | undefined {
  const v = obj[key];
  return isRecord(v) ? v : undefined;
}
