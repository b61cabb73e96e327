// Money in the config file: a decimal string (or number) in yuan, at most 2 decimals, kept as integer fen.

const YUAN = /^(\d+)(?:\.(\d{1,2}))?$/;

export class MoneyError extends Error {
  override readonly name = 'MoneyError';
}

/** `"2000.00"` → 200000, `"0.5"` → 50, `12` → 1200; negatives, 3+ decimals and non-numbers throw MoneyError. */
export function parseMoneyToFen(input: unknown): number {
  if (typeof input === 'number' && !Number.isFinite(input)) throw new MoneyError(`${input} is not an amount`);
  if (typeof input !== 'string' && typeof input !== 'number') {
    throw new MoneyError(
      `expected an amount in yuan like "2000.00", got ${input === null ? 'nothing' : typeof input}`,
    );
  }
  const text = String(input).trim();
  if (text.startsWith('-')) throw new MoneyError(`"${text}" is negative; an amount must be 0 or more`);
  const match = YUAN.exec(text);
  if (!match)
    throw new MoneyError(`"${text}" is not an amount in yuan with at most 2 decimals (like "2000.00")`);
  const [, yuan = '0', cents = ''] = match;
  const fen = Number(yuan) * 100 + Number(cents.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw new MoneyError(`"${text}" is too large`);
  return fen;
}

/** 200000 → `"2000.00"`. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
