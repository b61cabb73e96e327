// Money in the config file: the same yuan → fen parser as ingest (src/domain/money.ts), with a thrown
// MoneyError because the config schema reports problems by exception.
import { parseYuanToFen } from '../domain/money.js';

export { formatFen } from '../domain/money.js';

export class MoneyError extends Error {
  override readonly name = 'MoneyError';
}

/** `"2000.00"` → 200000, `"0.5"` → 50, `12` → 1200; negatives, 3+ decimals and non-numbers throw MoneyError. */
export function parseMoneyToFen(input: unknown): number {
  const r = parseYuanToFen(input);
  if (!r.ok) throw new MoneyError(r.message);
  return r.fen;
}
