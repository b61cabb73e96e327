// A refund asked for within minutes of ordering: hold the waybill before the parcel is printed.
import type { Rule, RuleSettings } from '../types.js';
import { MINUTE, finding, formatDuration, isOpen, liveRefunds, msBetween, markedLegit } from './util.js';

export type SuspectEarlyRefundSettings = RuleSettings & {
  /** Fires for a refund requested at most this long after the order was created. */
  within: number;
};

export const suspectEarlyRefund: Rule<SuspectEarlyRefundSettings> = {
  id: 'suspect_early_refund',
  kind: 'suspect',
  defaults: { enabled: true, within: 10 * MINUTE },
  timeBased: false,
  evaluate(order, _now, s) {
    // Only while the waybill can still be held: not shipped, delivered, cancelled or closed.
    if (!s.enabled || markedLegit(order, suspectEarlyRefund.id) || !isOpen(order.status)) return null;
    const refund = liveRefunds(order).find((r) => msBetween(order.createdAt, r.requestedAt) <= s.within);
    if (refund === undefined) return null;
    const after = msBetween(order.createdAt, refund.requestedAt);
    return finding(
      suspectEarlyRefund,
      'warning',
      `refund requested ${formatDuration(after)} after ordering`,
      {
        refundId: refund.refundId,
        secondsAfterOrder: Math.trunc(after / 1000),
        action: 'hold_waybill',
      },
    );
  },
};
