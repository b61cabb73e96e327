// Many orders to one recipient phone on one calendar day (Asia/Shanghai): hold shipment and check.
// The store counts the day's orders; this rule only applies the threshold.
import type { Rule, RuleSettings } from '../types.js';
import { finding, isFinished, isOpen, markedLegit } from './util.js';

export type SuspectRecipientDailySettings = RuleSettings & {
  /** Fires at this many orders to the same recipient phone on the order's day, this one included. */
  min_orders: number;
};

export const suspectRecipientDaily: Rule<SuspectRecipientDailySettings> = {
  id: 'suspect_recipient_daily',
  kind: 'suspect',
  defaults: { enabled: true, min_orders: 3 },
  timeBased: false,
  evaluate(order, _now, s) {
    if (
      !s.enabled ||
      markedLegit(order, suspectRecipientDaily.id) ||
      isFinished(order.status) ||
      !isOpen(order.status)
    )
      return null;
    const count = order.recipientOrdersSameDay;
    if (count < s.min_orders) return null;
    return finding(
      suspectRecipientDaily,
      'warning',
      `${count} orders to the same recipient phone on one day`,
      { ordersSameDay: count, action: 'hold_shipment' },
    );
  },
};
