// The `d` object of the suspect, refund and remark rule templates: each rule's details, formatted for
// display. Buyer-written text (remark, refund reason) is masked and cut here.
import { formatDurationZh } from './format.js';
import { fill, type Labels } from './labels.js';
import { maskFreeText } from './mask.js';
import type { DetailsReader } from './details-reader.js';
import type { RuleViewBuilder } from './rule-views-ops.js';

/** Refund reasons are the buyer's words: cut shorter than a remark. */
const REFUND_REASON_MAX_CHARS = 30;
const REMARK_MAX_CHARS = 40;

const joinList = (items: string[], labels: Labels): string => items.join(labels.words.listSeparator);
const count = (n: number | null, none: string): string => (n === null ? none : String(n));

/** A two-approver refund shows who approved so far (the store adds `approvedBy`: names, in order). */
function approvalsPhrase(r: DetailsReader): string {
  if (!r.bool('secondApprover')) return r.phrase('one');
  const approvedBy = r.list('approvedBy');
  return approvedBy.length === 0 ? r.phrase('two') : r.phrase('twoHalf', { names: approvedBy.join('、') });
}

export const RISK_RULE_VIEWS: Record<string, RuleViewBuilder> = {
  suspect_phone_velocity: (r) => ({
    count: count(r.num('ordersInWindow'), r.none),
    window: r.duration('windowMs'),
  }),

  suspect_recipient_daily: (r) => ({
    count: count(r.num('ordersSameDay'), r.none),
  }),

  suspect_early_refund: (r, labels) => {
    const seconds = r.num('secondsAfterOrder');
    return {
      after: seconds === null ? r.none : formatDurationZh(seconds * 1000, labels.units),
      refundId: r.str('refundId') ?? r.none,
    };
  },

  suspect_vague_address(r, labels) {
    const words = r.list('matchedWords');
    let problem: string;
    if (r.bool('missing')) problem = r.phrase('missing');
    else if (words.length > 0) problem = r.phrase('vague', { words: joinList(words, labels) });
    else problem = r.phrase('short', { length: count(r.num('length'), r.none) });
    return { problem };
  },

  suspect_cross_channel_duplicate: (r) => ({
    channels: count(r.num('channels'), r.none),
    window: r.duration('windowMs'),
  }),

  suspect_test_order: (r, labels) => ({
    where: r
      .list('matchedIn')
      .map((field) => r.phrase(field === 'address' ? 'address' : 'remark'))
      .join(labels.words.and),
    words: joinList(r.list('matchedWords'), labels),
  }),

  refund_approval: (r) => {
    return {
      amount: r.money('amountFen'),
      reason: maskFreeText(r.str('reason') ?? '', REFUND_REASON_MAX_CHARS) || r.none,
      requestedAt: r.time('requestedAt'),
      refundId: r.str('refundId') ?? r.none,
      approvals: approvalsPhrase(r),
      pending: r.phrase('pending', { count: r.num('pendingRefunds') ?? 1 }),
    };
  },

  remark_urgent: (r, labels) => {
    const confidence = r.num('confidence');
    return {
      label: r.phrase(r.str('label') === 'complaint' ? 'complaint' : 'urgent'),
      // Floored: a classifier at 0.9999 is not "100%" sure.
      confidence:
        confidence === null ? r.none : fill(labels.words.percent, { value: Math.floor(confidence * 100) }),
      remark: maskFreeText(r.str('remark') ?? '', REMARK_MAX_CHARS) || r.none,
    };
  },
};
