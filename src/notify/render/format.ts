// Values as cards show them: durations "2小时5分", money "¥399.00", instants in Asia/Shanghai "11-22 18:05",
// text cut to a length. Templates receive only these strings (data in, text out, no logic).
import { formatFen } from '../../domain/money.js';
import { fill, type Labels } from './labels.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Asia/Shanghai has had no daylight saving time since 1991: a fixed +08:00 is exact. */
const SHANGHAI_OFFSET_MS = 8 * HOUR;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** An instant as Beijing wall time "MM-DD HH:mm" (e.g. "11-22 18:05"). */
export function formatShanghai(d: Date): string {
  const t = new Date(d.getTime() + SHANGHAI_OFFSET_MS);
  return `${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())} ${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}`;
}

/**
 * A length of time in Chinese, sign dropped: "45秒", "5分钟", "2小时5分", "2小时", "1天3小时" (minutes are
 * left out once it is a day or more: nobody needs them then).
 */
export function formatDurationZh(ms: number, units: Labels['units']): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return `${Math.floor(abs / 1000)}${units.second}`;
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  if (days === 0 && hours === 0) return `${minutes}${units.minutesOnly}`;
  const parts: [number, string][] = [
    [days, units.day],
    [hours, units.hour],
    [days === 0 ? minutes : 0, units.minute],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join('');
}

/** Integer fen as "¥399.00", through the domain formatter. */
export function formatMoney(fen: number, labels: Labels): string {
  return fill(labels.words.money, { amount: formatFen(fen) });
}

/** At most `max` characters (code points), the last one an ellipsis when cut. */
export function truncate(s: string, max: number, ellipsis = '…'): string {
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  return chars.slice(0, Math.max(0, max - 1)).join('') + ellipsis;
}

/** At most `maxBytes` of UTF-8, cut on a character boundary, the last one an ellipsis when cut. */
export function truncateBytes(s: string, maxBytes: number, ellipsis = '…'): string {
  if (Buffer.byteLength(s, 'utf8') <= maxBytes) return s;
  const budget = maxBytes - Buffer.byteLength(ellipsis, 'utf8');
  let out = '';
  let used = 0;
  for (const ch of s) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (used + size > budget) break;
    out += ch;
    used += size;
  }
  return out + ellipsis;
}

/** An ISO string from a finding's details as a Date, or null when absent or unparsable. */
export function parseIso(v: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}
