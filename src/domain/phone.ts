// Phones arrive in every shape channels and people type ("+86 138-0013-8000", full-width digits from
// Chinese IMEs). One normal form lets us match the same customer across channels by hash.
import { createHash, createHmac } from 'node:crypto';

export type PhoneResult = { ok: true; phone: string } | { ok: false; message: string };

const MAX_RAW_LENGTH = 64;
const CN_MOBILE = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/;
/** Area code (0 + 2–3 digits) + 7–8 digit subscriber number, e.g. 010-12345678, 0571-88886666. */
const CN_LANDLINE = /^0[1-9]\d{8,10}$/;
const CN_INTERNATIONAL = /^(?:\+86|0086)(\d+)$/;
const INTERNATIONAL = /^(?:\+|00)([1-9]\d{6,14})$/;
/** Separators people put in numbers: spaces (incl. U+3000), ASCII and Unicode dashes, parentheses, dots. */
const SEPARATORS = /[\s\-().\u2010-\u2015\u2212]/g;

const MSG = {
  type: '手机号必须是字符串 / phone must be a string',
  empty: '手机号为空 / phone is empty',
  tooLong: '手机号过长 / phone is too long',
  chars:
    '手机号只能包含数字、+、空格、-、括号 / phone may only contain digits, +, spaces, dashes, parentheses',
  cn: '中国号码格式不正确：手机号为 1 开头 11 位，固话需带区号 / invalid Chinese number: mobiles have 11 digits starting with 1, landlines need an area code',
  unknown:
    '无法识别的电话号码：请填 11 位手机号、带区号的固话或 +国家码号码 / unrecognised phone: use an 11-digit mobile, a landline with area code, or +<country code><number>',
} as const;

/** Full-width ASCII (０-９, ＋, －, （）) → half-width; Chinese IMEs often produce these. */
function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** CN mobiles → 11 digits; CN landlines → digits with area code; others → `+<digits>`. */
export function normalizePhone(raw: string): PhoneResult {
  if (typeof raw !== 'string') return { ok: false, message: MSG.type };
  if (raw.length > MAX_RAW_LENGTH) return { ok: false, message: MSG.tooLong };
  const s = toHalfWidth(raw).replace(SEPARATORS, '');
  if (s === '') return { ok: false, message: MSG.empty };
  if (!/^\+?\d+$/.test(s)) return { ok: false, message: MSG.chars };
  const mobile = CN_MOBILE.exec(s);
  if (mobile) return { ok: true, phone: mobile[1] as string };
  if (CN_LANDLINE.test(s)) return { ok: true, phone: s };
  const cn = CN_INTERNATIONAL.exec(s);
  if (cn) {
    // +86 571 88886666: the international form drops the trunk 0 of the area code.
    const landline = `0${cn[1] as string}`;
    return CN_LANDLINE.test(landline) ? { ok: true, phone: landline } : { ok: false, message: MSG.cn };
  }
  const intl = INTERNATIONAL.exec(s);
  if (intl) return { ok: true, phone: `+${intl[1] as string}` };
  return { ok: false, message: /^1\d*$/.test(s) ? MSG.cn : MSG.unknown };
}

/** "13800138000" → "138****8000": group cards never show a full customer phone (DESIGN §3.5). */
export function maskPhone(phone: string): string {
  if (phone.length >= 8) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, phone.length - 2))}${phone.slice(-2)}`;
}

/**
 * sha256 hex of the normalised phone, for matching customers across channels without comparing raw
 * numbers. Un-normalisable input is hashed as given. With a salt the hash is an HMAC keyed by it.
 */
export function phoneHash(phone: string, salt?: string): string {
  const n = normalizePhone(phone);
  const value = n.ok ? n.phone : phone;
  return (salt ? createHmac('sha256', salt) : createHash('sha256')).update(value).digest('hex');
}
