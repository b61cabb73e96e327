// Why an alert resolved, in Chinese. src/alerts/evaluate.ts (clearedReason) and the sweep's SQL
// (store/sweep-specs.ts) record these in English; anything else (a person's own words) is shown as given.
import { fill, wordFor, type Labels } from './labels.js';
import { maskFreeText } from './mask.js';

const ORDER_STATUS = /^order (cancelled|closed|delivered)$/;
const ON_HOLD = /^order on hold \(.*\)$/;
const SCAN = /^carrier scan: (.+)$/;
const CLEARED = /^condition cleared; order is (.+)$/;

/** Reasons a person typed are cut to this many characters. */
const MAX_FREE_REASON = 40;

export function resolveReasonZh(reason: string | null, labels: Labels): string | null {
  const r = (reason ?? '').trim();
  if (r === '') return null;
  const status = (s: string) => wordFor(labels.orderStatus, s);
  let m = ORDER_STATUS.exec(r);
  if (m) return fill(labels.reason.orderStatus, { status: status(m[1] as string) });
  if (r === 'refund cancelled') return labels.reason.refundCancelled;
  if (ON_HOLD.test(r)) return labels.reason.onHold;
  m = SCAN.exec(r);
  if (m) return fill(labels.reason.scan, { scan: wordFor(labels.scanStatus, m[1] as string) });
  m = CLEARED.exec(r);
  if (m) return fill(labels.reason.cleared, { status: status(m[1] as string) });
  return maskFreeText(r, MAX_FREE_REASON);
}
