// Event time drives order state, so a time without an offset is ambiguous (a Beijing 08:00 read as
// UTC is eight hours off). Every instant must carry Z or ±hh:mm; we never guess a zone.

export type InstantResult = { ok: true; date: Date } | { ok: false; message: string };

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

const MSG = {
  type: '时间必须是 ISO-8601 字符串，例如 2026-11-22T08:00:00+08:00 / time must be an ISO-8601 string',
  format: '时间格式不正确，例如 2026-11-22T08:00:00+08:00 / time must look like 2026-11-22T08:00:00+08:00',
  offset: '时间必须带时区偏移，例如 2026-11-22T08:00:00+08:00 / time needs an offset (Z or +08:00)',
  invalid: '日期或时间不存在 / no such date or time',
  year: `年份须在 ${MIN_YEAR}–${MAX_YEAR} 之间 / year must be between ${MIN_YEAR} and ${MAX_YEAR}`,
} as const;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** ISO-8601 date-time with offset → Date (UTC instant). Rejects 2026-02-30, 24:00, missing offsets. */
export function parseInstant(v: unknown): InstantResult {
  if (typeof v !== 'string') return { ok: false, message: MSG.type };
  const m = ISO.exec(v.trim());
  if (!m) return { ok: false, message: /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? MSG.offset : MSG.format };
  if (!m[8] && !m[9]) return { ok: false, message: MSG.offset };
  const n = (i: number): number => Number(m[i] ?? 0);
  const [y, mo, d, h, mi, s, offH, offM] = [n(1), n(2), n(3), n(4), n(5), n(6), n(10), n(11)];
  if (y < MIN_YEAR || y > MAX_YEAR) return { ok: false, message: MSG.year };
  const dateOk = mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo);
  if (!dateOk || h > 23 || mi > 59 || s > 59 || offH > 23 || offM > 59) {
    return { ok: false, message: MSG.invalid };
  }
  // Fractions beyond milliseconds are truncated: Date has millisecond precision.
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offset = (m[9] === '-' ? -1 : 1) * (offH * 60 + offM);
  return { ok: true, date: new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset * 60_000) };
}
