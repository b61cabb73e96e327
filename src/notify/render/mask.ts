// Customer data as a group card may show it (DESIGN.md §3.5): phone 138****8000, address cut to
// province/city/district, name reduced to the surname, free text (remarks, refund reasons) cut short with
// any long number in it masked. Everything a template sees about a customer passes through here.
import { maskPhone } from '../../domain/phone.js';
import { truncate } from './format.js';

/** Two-character surnames common enough to matter; 欧阳娜娜 → 欧阳*, not 欧*. */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯',
  '轩辕', '令狐', '端木', '澹台', '申屠', '呼延', '南宫', '独孤', '万俟', '西门', '百里', '东郭', '闻人',
  '赫连', '太史', '钟离', '宗政', '濮阳', '公冶', '淳于', '单于', '仲孙', '司空', '司寇', '第五', '拓跋',
]); // prettier-ignore

/** A digit as people type it: ASCII, or full-width from a Chinese IME (０-９). */
const DIGIT = '[0-9\\uFF10-\\uFF19]';
/**
 * What people put between the digits of one number: spaces (any, repeated), dashes, brackets, and a dot
 * followed by 3+ digits (138.0013.8000; not the decimals of an amount like 12000.00).
 */
const SEPARATOR = `(?:[\\s\\-()\\uFF08\\uFF09\\uFF0D\\u2010-\\u2015\\u2212]|[.\\uFF0E](?=${DIGIT}{3}))*`;
/** A run of 7+ digits (separators allowed inside, an ID card's final X too): phones, ID numbers. */
const LONG_NUMBER = new RegExp(`${DIGIT}(?:${SEPARATOR}${DIGIT}){6,}[Xx]?`, 'g');

/** The digits (and a final X) of a matched number, full-width folded to ASCII. */
const digitsOf = (m: string): string =>
  m
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[^0-9Xx]/g, '');

/** 张三 → 张*, 欧阳娜娜 → 欧阳*, 张 → *, John Smith → J*; blank → null. */
export function maskName(name: string | null): string | null {
  const chars = Array.from((name ?? '').trim());
  if (chars.length === 0) return null;
  if (chars.length === 1) return '*';
  const two = chars.slice(0, 2).join('');
  const surname = chars.length > 2 && COMPOUND_SURNAMES.has(two) ? two : (chars[0] as string);
  return `${surname}*`;
}

/** A phone as 138****8000 (domain/phone's mask); blank → null. */
export function maskPhoneOrNull(phone: string | null): string | null {
  const p = (phone ?? '').trim();
  return p === '' ? null : maskPhone(p);
}

/** Province, city and district only, municipalities not repeated: 北京市北京市朝阳区 → 北京市朝阳区. */
export function regionOf(parts: readonly (string | null)[]): string | null {
  const kept: string[] = [];
  for (const part of parts) {
    const p = (part ?? '').trim();
    if (p !== '' && kept[kept.length - 1] !== p) kept.push(p);
  }
  return kept.length === 0 ? null : kept.join('');
}

/** Buyer-written text (remark, refund reason): long numbers masked, whitespace collapsed, cut to `max`. */
export function maskFreeText(text: string, max: number): string {
  const masked = text.replace(LONG_NUMBER, (m) => maskPhone(digitsOf(m)));
  return truncate(masked.replace(/\s+/g, ' ').trim(), max);
}
