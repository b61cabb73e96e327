// Addresses are typed by buyers on phones: full-width digits, ideographic spaces, doubled spaces.
// One normal form for display, and a whitespace-free hash to match the same address across channels.
import { createHash } from 'node:crypto';
import type { Address } from './order.js';

const NEEDS_WORK = /[\uFF01-\uFF5E\u3000]|\s\s|[^\S ]|^\s|\s$/;

/**
 * Full-width ASCII (U+FF01–FF5E) → half-width, U+3000 → space, whitespace runs → one space, trimmed.
 * Done by hand rather than NFKC so nothing else (e.g. CJK compatibility characters) is rewritten.
 */
export function normalizeText(s: string): string {
  // Most input is already clean; skip the regex replacements then (ingest runs this per field).
  if (!NEEDS_WORK.test(s)) return s;
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, ' ')
    .trim();
}

export function normalizeAddress(a: Address): Address {
  return {
    province: normalizeText(a.province),
    city: normalizeText(a.city),
    district: normalizeText(a.district),
    detail: normalizeText(a.detail),
  };
}

/** Whitespace-free, lower-cased key: "文一西路 969 号" and "文一西路９６９号" are the same place. */
function hashKey(part: string): string {
  return normalizeText(part).replace(/\s+/g, '').toLowerCase();
}

/** sha256 hex over province|city|district|detail, for cross-channel duplicate detection. */
export function addressHash(a: Address): string {
  const key = [a.province, a.city, a.district, a.detail].map(hashKey).join('|');
  return createHash('sha256').update(key).digest('hex');
}
