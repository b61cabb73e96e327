// Why an alert resolved, in Chinese. src/alerts/evaluate.ts (clearedReason) and the sweep's SQL
// (store/sweep-specs.ts) record these in English; anything else (a person's own words) is shown as given.
import { fill, wordFor, type Labels } from './labels.js';
import { maskFreeText } from './mask.js';

const ORDER_STATUS = /^order (cancelled|closed|delivered)$/;
const ON_HOLD = /^order on hold \(.*\)$/;
const SCAN = /^carrier scan: (.+)$/;
const CLEARED = /^condition cleared; order is (.+)$/;
// What src/actions records when a person settles an alert from the chat (names joined with ", ").
const BY_PERSON = /^resolved by (.+)$/;
const APPROVED = /^refund approved by (.+)$/;
const REJECTED = /^refund rejected by (.+?): ([\s\S]*)$/;
const LEGIT = /^marked legit by (.+)$/;
const MERGED = /^merged into (\S+) by (.+)$/;

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
  return byPersonZh(r, labels) ?? maskFreeText(r, MAX_FREE_REASON);
}

function byPersonZh(r: string, labels: Labels): string | null {
  const names = (s: string) => s.split(', ').join(labels.words.listSeparator);
  let m = BY_PERSON.exec(r);
  if (m) return fill(labels.reason.byPerson, { name: m[1] as string });
  m = APPROVED.exec(r);
  if (m) return fill(labels.reason.refundApproved, { names: names(m[1] as string) });
  m = REJECTED.exec(r);
  if (m) {
    const reason = maskFreeText(m[2] as string, MAX_FREE_REASON);
    return fill(labels.reason.refundRejected, { name: m[1] as string, reason });
  }
  m = LEGIT.exec(r);
  if (m) return fill(labels.reason.legit, { name: m[1] as string });
  m = MERGED.exec(r);
  if (m) return fill(labels.reason.merged, { name: m[2] as string, target: m[1] as string });
  return null;
}
