// Money arrives as yuan (decimal string or JSON number) and is kept as integer fen, so sums and
// comparisons are exact. Parsing works on the decimal text, never on `yuan * 100` of a float.

export type FenResult = { ok: true; fen: number } | { ok: false; message: string };

/** 1e12 fen = 100 亿元: far above any real order, far below Number.MAX_SAFE_INTEGER. */
export const MAX_FEN = 1e12;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
/** A float this close to a whole number of fen is upstream arithmetic noise (0.1 + 0.2), not a third decimal. */
const FLOAT_NOISE_FEN = 1e-6;

const MSG = {
  type: '金额必须是数字或数字字符串，例如 "399.00" / amount must be a decimal string or number',
  empty: '金额为空 / amount is empty',
  negative: '金额不能为负数 / amount must not be negative',
  exponent: '金额不能用科学计数法，请写成 "1200.00" / amount must not use exponent notation',
  format: '金额格式不正确，应为 "399" 或 "399.50" / amount must look like "399" or "399.50"',
  decimals: '金额最多两位小数 / at most 2 decimal places',
  notFinite: '金额不是有效数字 / amount is not a finite number',
  tooLarge: '金额过大（上限 100 亿元） / amount too large (max 10,000,000,000.00)',
} as const;

/** Parses yuan ("399", "399.5", "399.00", 399.5) into integer fen; rejects anything ambiguous. */
export function parseYuanToFen(v: unknown): FenResult {
  if (typeof v === 'number') return fromNumber(v);
  if (typeof v === 'string') return fromString(v.trim());
  return { ok: false, message: MSG.type };
}

function fromString(s: string): FenResult {
  if (s === '') return { ok: false, message: MSG.empty };
  const m = DECIMAL.exec(s);
  if (!m) {
    if (s.startsWith('-')) return { ok: false, message: MSG.negative };
    if (/^[+-]?[\d.]+e[+-]?\d+$/i.test(s)) return { ok: false, message: MSG.exponent };
    return { ok: false, message: MSG.format };
  }
  const whole = m[1] as string;
  const frac = m[2] ?? '';
  if (frac.length > 2) return { ok: false, message: MSG.decimals };
  // 14+ integer digits is already over MAX_FEN; checking first keeps Number() exact below.
  if (whole.replace(/^0+/, '').length > 13) return { ok: false, message: MSG.tooLarge };
  return bounded(Number(whole) * 100 + Number(frac.padEnd(2, '0')));
}

function fromNumber(n: number): FenResult {
  if (!Number.isFinite(n)) return { ok: false, message: MSG.notFinite };
  if (n < 0) return { ok: false, message: MSG.negative };
  if (n * 100 > MAX_FEN) return { ok: false, message: MSG.tooLarge };
  // String(19.99) is "19.99" (shortest round-trip form), so the exact decimal path applies.
  const text = String(n);
  if (!text.includes('e')) {
    const parsed = fromString(text);
    if (parsed.ok || parsed.message !== MSG.decimals) return parsed;
  }
  const fen = Math.round(n * 100);
  if (Math.abs(n * 100 - fen) > FLOAT_NOISE_FEN) return { ok: false, message: MSG.decimals };
  return bounded(fen);
}

function bounded(fen: number): FenResult {
  return fen > MAX_FEN ? { ok: false, message: MSG.tooLarge } : { ok: true, fen };
}

/** 39900 → "399.00"; used in cards, pages and messages. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
